"""aiogram: the bot, its dispatcher and routers, and how updates come in."""
