"""transition: a plan-as-code milestone tracker for large change programmes."""

__version__ = "0.1.0"
