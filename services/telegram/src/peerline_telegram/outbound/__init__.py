"""Sending to clients: rate limits, retries, and the outbound consumer."""
