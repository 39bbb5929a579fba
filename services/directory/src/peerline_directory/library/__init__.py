"""The self-help library: articles clients read while they wait (see docs/content.md)."""
