"""Gateway settings (env prefix `PEERLINE_GATEWAY_`)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from peerline_shared.settings import DEV_SECRET_PREFIX, BaseServiceSettings, actor_key_field, service_config


class GatewaySettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_GATEWAY_")
    service_name: ClassVar[str] = "gateway"

    host: str = "127.0.0.1"
    port: int = 8200
    actor_key: SecretStr = actor_key_field()
    public_url: str = Field(default="http://127.0.0.1:8200", description="address shown to people")
    session_secret: SecretStr = SecretStr(f"{DEV_SECRET_PREFIX}gateway-session-secret")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="partner sites (comma-separated Origins) that may embed the chat and open its WebSocket",
    )
    max_message_chars: int = Field(default=4000, ge=100, le=16000)
    client_messages_per_minute: int = Field(default=20, ge=1, description="per chat session (pseudonym)")
    ip_messages_per_minute: int = Field(
        default=60,
        ge=1,
        description="per client address and gateway process, whatever the session (counted in memory only)",
    )
    max_sockets_per_ip: int = Field(
        default=20, ge=1, description="open chat sockets per client address, per gateway process"
    )
    console_idle_minutes: int = Field(default=30, ge=1)
    console_absolute_hours: int = Field(default=12, ge=1)
    chat_history_hours: int = Field(default=24, ge=1)
    login_max_failures: int = Field(default=5, ge=1, description="failures before a lockout starts")
    login_lockout_seconds: int = Field(default=30, ge=1, description="first lockout; doubles each time")
    login_lockout_max_seconds: int = Field(default=3600, ge=1)
    login_ip_max_failures: int = Field(default=20, ge=1, description="failures from one address, any login")
    quick_exit_url: str = Field(
        default="https://www.google.com/search?q=weather+tomorrow",
        description="the neutral page the chat's quick exit opens",
    )
    rpc_timeout_seconds: float = Field(default=3.0, gt=0)
    totp_required_for: Literal["supervisor", "all"] = Field(
        default="supervisor",
        description="who must sign in with a second factor (TOTP): supervisors only, or all consultants too",
    )
    console_lock_minutes: int = Field(
        default=5,
        ge=1,
        le=240,
        description="the console locks itself after this long without keyboard, mouse or touch",
    )
    posts_check_seconds: float = Field(
        default=5.0, gt=0, le=300,
        description="how often the posts publisher (on the leader) looks for scheduled posts that are due",
    )
    leader_lease_s: float = Field(
        default=6.0, ge=1.0,
        description="leader lease TTL: one replica publishes scheduled channel posts; another takes"
        " over within about this long after it dies",
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value
