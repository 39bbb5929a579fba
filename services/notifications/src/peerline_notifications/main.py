"""The notifications service: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_notifications.conversations import handlers as conversation_handlers
from peerline_notifications.settings import NotificationsSettings
from peerline_shared.runtime import create_service_app, new_runtime


def create_app(settings: NotificationsSettings | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()
    runtime = new_runtime(settings, "notifications", uses_db=True, uses_redis=True)
    conversation_handlers.register(runtime, settings)
    return create_service_app(runtime, title="Peerline notifications")
