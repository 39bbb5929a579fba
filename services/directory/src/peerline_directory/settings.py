"""Directory settings (env prefix `PEERLINE_DIRECTORY_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from peerline_shared.settings import DEV_SECRET_PREFIX, BaseServiceSettings, actor_key_field, service_config


class DirectorySettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_DIRECTORY_")
    service_name: ClassVar[str] = "directory"

    host: str = "127.0.0.1"
    port: int = 8202
    actor_key: SecretStr = actor_key_field()
    admin_token: SecretStr = Field(
        default=SecretStr(f"{DEV_SECRET_PREFIX}directory-admin-token"),
        description="Bearer token for the /admin API until console roles take over",
    )
    presence_ttl_seconds: int = Field(
        default=60, ge=1, le=3600,
        description="a heartbeat keeps a consultant present this long (console sends every ~20 s)",
    )
    roster_refresh_seconds: float = Field(
        default=5.0, gt=0, le=300,
        description="how often the in-memory roster re-reads consultants and shifts",
    )
    seed_examples: bool = Field(
        default=True,
        description="dev mode: load example help services and self-help articles into empty tables",
    )
    telegram_link_code_ttl_s: int = Field(
        default=600, ge=30, le=86400,
        description="a Telegram link code from the console works this long, once",
    )
