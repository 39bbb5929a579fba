"""Peerline's two streams, provisioned idempotently by every service at every start."""

from __future__ import annotations

from typing import Any

import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig

from peerline_shared.events import subjects as subj
from peerline_shared.settings import BaseServiceSettings


def stream_configs(settings: BaseServiceSettings) -> list[StreamConfig]:
    common: dict[str, Any] = {
        "storage": StorageType.FILE,
        "num_replicas": settings.stream_replicas,
        "duplicate_window": settings.duplicate_window_seconds,
        "max_msg_size": 256 * 1024,
    }
    return [
        StreamConfig(
            name=subj.STREAM_EVENTS,
            subjects=list(subj.STREAM_SUBJECTS),
            max_age=settings.stream_max_age_hours * 3600,
            max_bytes=4 * 1024**3,
            **common,
        ),
        StreamConfig(
            name=subj.STREAM_PARKED,
            subjects=[subj.PARKED_ALL],
            max_age=settings.parked_max_age_hours * 3600,
            max_bytes=512 * 1024**2,
            **common,
        ),
    ]


async def provision_streams(js: JetStreamContext, settings: BaseServiceSettings) -> None:
    """Create or update Peerline's streams; safe to run from every service at every start."""
    for config in stream_configs(settings):
        try:
            await js.add_stream(config)
        except nats.js.errors.BadRequestError:
            await js.update_stream(config)
