"""Shared test configuration."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

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
