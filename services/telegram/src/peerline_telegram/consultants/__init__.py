"""Consultants' own Telegram: linking the account, and notices as DMs."""
