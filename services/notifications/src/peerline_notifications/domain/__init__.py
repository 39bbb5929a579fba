"""Pure rules of the shared queue: no I/O, no clock, no database (mypy strict)."""
