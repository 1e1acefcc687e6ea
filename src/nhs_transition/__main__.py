"""`python -m nhs_transition`: the same as the `transition` command."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main()
