"""The end-to-end benchmark: the whole helpline as processes, driven like a bad evening."""
