"""One aiogram Router per feature, included in one place (bot/factory.py)."""
