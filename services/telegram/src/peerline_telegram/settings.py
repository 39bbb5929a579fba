"""Telegram adapter settings (env prefix `PEERLINE_TELEGRAM_`)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr

from peerline_shared.settings import DEV_SECRET_PREFIX, BaseServiceSettings, service_config


class TelegramSettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_TELEGRAM_")
    service_name: ClassVar[str] = "telegram"

    host: str = "127.0.0.1"
    port: int = 8201
    enabled: bool = Field(default=False, description="start the bot (needs a token)")
    bot_token: SecretStr = SecretStr("")
    update_mode: Literal["polling", "webhook"] = "polling"
    api_base_url: str = Field(default="https://api.telegram.org", description="Bot API server")
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr(f"{DEV_SECRET_PREFIX}telegram-webhook-secret")
    map_key: SecretStr = SecretStr(f"{DEV_SECRET_PREFIX}telegram-identity-map-key")
