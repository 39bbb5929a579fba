"""Peerline gateway service."""
