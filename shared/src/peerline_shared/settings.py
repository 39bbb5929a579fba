"""Settings shared by every service; each service extends `BaseServiceSettings` with its prefix.

Secrets have development defaults so `make run` works out of the box, and a validator refuses
to start in production mode while any of them is still a development value.

Every setting can also come from a file in /run/secrets named like its variable
(`/run/secrets/PEERLINE_GATEWAY_SESSION_SECRET`): Docker's and Kubernetes' secrets, which stay
out of the container's environment (`docker inspect`). A variable, when set, wins over the file.
An empty value, in a variable or a file, counts as unset.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SecretsSettingsSource,
    SettingsConfigDict,
)

DEV_SECRET_PREFIX = "dev-insecure-"
LOOPBACK = ("127.0.0.1", "::1")
INTERNAL_NETWORKS = ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
"""Private and loopback ranges: where Prometheus and Docker's health checks are."""
SECRETS_DIR = Path("/run/secrets")


class Mode(StrEnum):
    DEV = "dev"
    PRODUCTION = "production"


class InsecureSettingsError(ValueError):
    """Raised when production mode is configured with a development secret."""


def _shared(name: str) -> AliasChoices:
    """Shared settings keep one name for every service (`PEERLINE_NATS_URL`), whatever its prefix."""
    return AliasChoices(name, f"PEERLINE_{name.upper()}")


def _database_url() -> Any:
    return Field(
        default="sqlite+aiosqlite:///var/peerline.sqlite",
        validation_alias=_shared("database_url"),
        description="SQLAlchemy async URL; each service keeps its own tables in it",
    )


class PeerlineSettings(BaseSettings):
    """Where every Peerline settings class reads from: variables, then secret files."""

    model_config = SettingsConfigDict(
        env_prefix="PEERLINE_", extra="ignore", frozen=True, populate_by_name=True, env_ignore_empty=True
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Only where the folder exists: outside a container it would only warn.
        if (
            isinstance(file_secret_settings, SecretsSettingsSource)
            and file_secret_settings.secrets_dir is None
            and SECRETS_DIR.is_dir()
        ):
            file_secret_settings = SecretsSettingsSource(settings_cls, secrets_dir=SECRETS_DIR)
        return init_settings, env_settings, dotenv_settings, file_secret_settings

    @field_validator("*", mode="before")
    @classmethod
    def _empty_optional_is_unset(cls, value: object, info: ValidationInfo) -> object:
        # `PEERLINE_TELEGRAM_BOT_TOKEN=""` (compose's `${VAR:-}`) or an empty secret file.
        field = cls.model_fields.get(info.field_name or "")
        if value == "" and field is not None and field.default is None and not field.is_required():
            return None
        return value


class DatabaseSettings(PeerlineSettings):
    """All that migrations need: no runtime secret, so `migrate` runs before any exists."""

    database_url: str = _database_url()


class BaseServiceSettings(PeerlineSettings):
    """Connection and privacy settings every service reads, from `PEERLINE_<NAME>` variables.

    A service's own settings use its prefix (`PEERLINE_GATEWAY_PORT`); these shared ones do not,
    so one `.env` configures the whole system.
    """

    service_name: ClassVar[str] = "peerline"

    mode: Mode = Field(
        default=Mode.DEV,
        validation_alias=_shared("mode"),
        description="`dev` (demo data, development secrets allowed) or `production`",
    )
    nats_url: str = Field(
        default="nats://127.0.0.1:4222", validation_alias=_shared("nats_url"), description="NATS server(s)"
    )
    nats_max_disconnected_seconds: float = Field(
        default=60.0,
        gt=0,
        validation_alias=_shared("nats_max_disconnected_seconds"),
        description="a service cut off from every NATS server this long exits (code 3) so that "
        "its supervisor restarts it",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        validation_alias=_shared("redis_url"),
        description="Redis for presence, sessions, chat inboxes, rate limits",
    )
    redis_max_connections: int = Field(
        default=1000,
        ge=1,
        validation_alias=_shared("redis_max_connections"),
        description="Redis connections one process may open at once (a burst past it is refused)",
    )
    database_url: str = _database_url()
    log_level: str = Field(
        default="INFO", validation_alias=_shared("log_level"), description="DEBUG, INFO, WARNING"
    )
    pseudonym_key: SecretStr = Field(
        default=SecretStr(f"{DEV_SECRET_PREFIX}pseudonym-key-change-me"),
        validation_alias=_shared("pseudonym_key"),
        description="HMAC key turning channel ids into client pseudonyms; keep it secret and stable",
    )
    # Both streams carry scrubbed message text, and "forget me" cannot reach into them (their
    # subjects do not name the client): text leaves JetStream only at these ages. Long enough
    # for a consumer to catch up after an outage, short enough that JetStream is a transport,
    # not a second record (docs/privacy.md).
    stream_max_age_hours: float = Field(
        default=72.0,
        ge=1,
        le=720,
        validation_alias=_shared("stream_max_age_hours"),
        description="how long JetStream keeps events, message text included (a forgotten client's too)",
    )
    parked_max_age_hours: float = Field(
        default=14 * 24.0,
        ge=1,
        le=720,
        validation_alias=_shared("parked_max_age_hours"),
        description="how long JetStream keeps events a consumer could not handle (text included), to replay",
    )
    stream_replicas: int = Field(
        default=1,
        ge=1,
        le=5,
        validation_alias=_shared("stream_replicas"),
        description="JetStream replicas (3 in a cluster)",
    )
    duplicate_window_seconds: float = Field(
        default=120.0,
        gt=0,
        validation_alias=_shared("duplicate_window_seconds"),
        description="JetStream de-duplication window for Nats-Msg-Id",
    )

    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        validation_alias=_shared("max_body_bytes"),
        description="largest HTTP request body read, before any authentication (413 beyond); "
        "some routes have a smaller limit (the console's API)",
    )
    trusted_proxies: Annotated[list[str] | None, NoDecode] = Field(
        default=None,
        validation_alias=_shared("trusted_proxies"),
        description="addresses or networks (comma-separated) whose X-Forwarded-For/-Proto are "
        "believed; unset: loopback in dev, nobody in production; `none`: nobody; `*`: anyone",
    )
    operator_networks: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(INTERNAL_NETWORKS),
        validation_alias=_shared("operator_networks"),
        description="in production, the only networks (comma-separated) served /metrics and "
        "/healthz; the public listener serves no /docs or /openapi.json either",
    )

    @field_validator("trusted_proxies", "operator_networks", mode="before")
    @classmethod
    def _split_addresses(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().lower() == "none":
                return []
            return [entry.strip() for entry in value.split(",") if entry.strip()]
        return value

    def proxies_trusted(self) -> list[str]:
        """Whose forwarded headers are believed (see `trusted_proxies`)."""
        if self.trusted_proxies is not None:
            return list(self.trusted_proxies)
        return list(LOOPBACK) if self.mode is Mode.DEV else []

    def secrets(self) -> dict[str, SecretStr]:
        """Every secret field, so the production check cannot forget a new one."""
        return {
            name: value
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), SecretStr)
        }

    @model_validator(mode="after")
    def _no_dev_secrets_in_production(self) -> BaseServiceSettings:
        if self.mode is Mode.PRODUCTION:
            weak = sorted(
                name
                for name, secret in self.secrets().items()
                if secret.get_secret_value().startswith(DEV_SECRET_PREFIX)
                or len(secret.get_secret_value()) < 16
            )
            if weak:
                raise InsecureSettingsError(
                    f"production mode refuses development or short secrets: {', '.join(weak)}"
                )
        return self


def service_config(prefix: str) -> SettingsConfigDict:
    """Config for a service's settings class: its own env prefix, shared names unchanged."""
    return SettingsConfigDict(
        env_prefix=prefix, extra="ignore", frozen=True, populate_by_name=True, env_ignore_empty=True
    )
