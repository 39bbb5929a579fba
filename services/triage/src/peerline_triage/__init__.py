"""Peerline triage service."""
