"""Consultants' corrections of triage, kept as labelled training data."""
