"""Directory settings (env prefix `PEERLINE_DIRECTORY_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import SecretStr

from peerline_shared.settings import DEV_SECRET_PREFIX, BaseServiceSettings, service_config


class DirectorySettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_DIRECTORY_")
    service_name: ClassVar[str] = "directory"

    host: str = "127.0.0.1"
    port: int = 8202
    admin_token: SecretStr = SecretStr(f"{DEV_SECRET_PREFIX}directory-admin-token")
