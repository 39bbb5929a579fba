"""Peerline notifications service."""
