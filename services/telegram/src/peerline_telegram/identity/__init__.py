"""The only map from a pseudonymous client id back to a Telegram chat, encrypted at rest."""
