"""Peerline directory service."""
