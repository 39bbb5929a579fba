"""The Telegram adapter: wiring only."""

from __future__ import annotations

from fastapi import FastAPI

from peerline_shared.runtime import create_service_app, new_runtime
from peerline_telegram.settings import TelegramSettings


def create_app(settings: TelegramSettings | None = None) -> FastAPI:
    settings = settings or TelegramSettings()
    runtime = new_runtime(settings, "telegram", uses_db=True, uses_redis=True)
    return create_service_app(runtime, title="Peerline Telegram adapter")
