"""Peerline telegram service."""
