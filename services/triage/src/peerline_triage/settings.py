"""Triage settings (env prefix `PEERLINE_TRIAGE_`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from peerline_shared.settings import BaseServiceSettings, service_config


class TriageSettings(BaseServiceSettings):
    model_config = service_config("PEERLINE_TRIAGE_")
    service_name: ClassVar[str] = "triage"

    host: str = "127.0.0.1"
    port: int = 8203
    context_minutes: float = Field(
        default=120.0, gt=0, description="how long a client's recent urgencies count"
    )
    inbound_linger_s: float = Field(
        default=0.01, ge=0, le=1.0,
        description=(
            "under load (the last second brought 2 messages or more per this wait), the "
            "shortest time between two batches, the last one's triage counted in it (first aid "
            "does not wait: the lookout sends it); 0: never wait"
        ),
    )
    inbound_overlap: int = Field(
        default=2, ge=0, le=16,
        description=(
            "how many triaged batches may wait for their events to be stored while the next "
            "is triaged; 0: each is stored before the next is taken"
        ),
    )
    model_path: Path | None = Field(
        default=None,
        description=(
            "learned model file (`peerline triage train --output`); empty: the packaged one; "
            "unusable: logged, lexicons alone"
        ),
    )
