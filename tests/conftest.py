"""Shared test configuration."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# The cache of validated plans goes to a directory of this run, never the user's own cache (and
# subprocesses the tests start inherit it); removed when the run ends.
_CACHE = tempfile.mkdtemp(prefix="transition-test-cache-")
os.environ["TRANSITION_CACHE_DIR"] = _CACHE
os.environ.pop("TRANSITION_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

# Derandomized: the same examples on every run, so a test that passes here passes in CI (a
# property that only fails on a rare draw is found by `--hypothesis-profile explore`).
settings.register_profile(
    "default",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=100,
    derandomize=True,
)
settings.register_profile(
    "explore", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=1000
)
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.load_profile("default")
