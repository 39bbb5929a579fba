"""Pseudonymisation and personal-data scrubbing."""
