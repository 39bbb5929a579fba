"""Replies a channel could not deliver: marked in the conversation, the console, the audit."""
