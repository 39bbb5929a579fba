"""Telegram adapter settings (env prefix `PEERLINE_TELEGRAM_`)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr, model_validator

from peerline_shared.settings import DEV_SECRET_PREFIX, BaseServiceSettings, actor_key_field, service_config


class TelegramSettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_TELEGRAM_")
    service_name: ClassVar[str] = "telegram"

    host: str = "127.0.0.1"
    port: int = 8201
    enabled: bool = Field(default=False, description="start the bot (needs a token)")
    bot_token: SecretStr | None = Field(default=None, description="from @BotFather")
    update_mode: Literal["polling", "webhook"] = Field(default="polling", description="how updates arrive")
    api_base_url: str = Field(default="https://api.telegram.org", description="Bot API server")
    webhook_url: str = Field(default="", description="public https URL Telegram posts updates to")
    webhook_path: str = Field(default="/telegram/webhook", description="route in this service")
    webhook_secret: SecretStr = Field(
        default=SecretStr(f"{DEV_SECRET_PREFIX}telegram-webhook-secret"),
        description="X-Telegram-Bot-Api-Secret-Token; A-Z a-z 0-9 _ - only",
    )
    map_key: SecretStr = Field(
        default=SecretStr(f"{DEV_SECRET_PREFIX}telegram-identity-map-key"),
        description="encrypts chat ids at rest (AES-GCM, key derived with HKDF)",
    )
    polling_timeout_s: int = Field(default=25, ge=0, le=50, description="getUpdates long-poll wait")
    # Telegram: about 1 message/s to one chat, 30 messages/s overall.
    chat_rate_per_s: float = Field(default=1.0, gt=0, description="sends to one chat per second")
    chat_burst: int = Field(default=3, ge=1, description="sends to one chat at once")
    global_rate_per_s: float = Field(default=30.0, gt=0, description="sends per second overall")
    send_attempts: int = Field(default=5, ge=1, description="tries per part before redelivery")
    send_wait_budget_s: float = Field(default=20.0, gt=0, description="waiting inside one try")
    flood_limit: int = Field(default=20, ge=1, description="client messages forwarded per window")
    flood_window_s: int = Field(default=10, ge=1, description="sliding window of the flood limit")
    notice_cooldown_s: int = Field(default=30, ge=1, description="repeat a kind notice after")
    actor_key: SecretStr = actor_key_field()
    # Below the overall rate, so replies in a conversation keep room while an alert goes out.
    alert_rate_per_s: float = Field(default=25.0, gt=0, description="alert messages per second")
    leader_lease_s: float = Field(
        default=6.0, ge=1.0,
        description="leader lease TTL: one replica sends approved alerts; another takes over within"
        " about this long after it dies",
    )
    alert_banner_hours: int = Field(default=72, ge=1, description="web chat shows an alert for")
    console_url: str = Field(default="http://127.0.0.1:8200/console",
                             description="the console's address, linked from consultants' DMs")
    directory_timeout_s: float = Field(default=3.0, gt=0, description="wait for the directory's answer")

    @model_validator(mode="after")
    def _enabled_needs_token(self) -> TelegramSettings:
        if self.enabled and not (self.bot_token and self.bot_token.get_secret_value()):
            raise ValueError("PEERLINE_TELEGRAM_ENABLED=true needs PEERLINE_TELEGRAM_BOT_TOKEN")
        if self.enabled and self.update_mode == "webhook" and not self.webhook_url:
            raise ValueError("webhook mode needs PEERLINE_TELEGRAM_WEBHOOK_URL")
        return self
