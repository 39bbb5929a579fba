"""Peerline shared kernel."""
