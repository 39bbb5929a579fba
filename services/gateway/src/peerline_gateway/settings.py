"""Gateway settings (env prefix `PEERLINE_GATEWAY_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from peerline_shared.settings import DEV_SECRET_PREFIX, BaseServiceSettings, service_config


class GatewaySettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_GATEWAY_")
    service_name: ClassVar[str] = "gateway"

    host: str = "127.0.0.1"
    port: int = 8200
    public_url: str = Field(default="http://127.0.0.1:8200", description="address shown to people")
    session_secret: SecretStr = SecretStr(f"{DEV_SECRET_PREFIX}gateway-session-secret")
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="extra Origins (partner sites) allowed to open the chat WebSocket",
    )
    max_message_chars: int = Field(default=4000, ge=100, le=16000)
    client_messages_per_minute: int = Field(default=20, ge=1)
    console_idle_minutes: int = Field(default=30, ge=1)
    console_absolute_hours: int = Field(default=12, ge=1)
    chat_history_hours: int = Field(default=24, ge=1)
