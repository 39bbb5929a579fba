"""Notifications settings (env prefix `PEERLINE_NOTIFICATIONS_`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from peerline_shared.settings import BaseServiceSettings, service_config


class NotificationsSettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_NOTIFICATIONS_")
    service_name: ClassVar[str] = "notifications"

    host: str = "127.0.0.1"
    port: int = 8204
    reopen_window_hours: float = Field(default=24.0, gt=0)
