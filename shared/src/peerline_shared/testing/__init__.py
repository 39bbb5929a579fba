"""Test support: local servers and helpers, also used by `make run`."""
