"""The web chat's banner of active bad-batch alerts."""
