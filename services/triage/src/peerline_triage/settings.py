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
            "under load (the last second brought 2 messages or more per this wait), how long a "
            "batch may grow before it is triaged (first aid does not wait: the lookout sends "
            "it); 0: never"
        ),
    )
    model_path: Path | None = Field(
        default=None,
        description=(
            "learned model file (`peerline triage train --output`); empty: the packaged one; "
            "unusable: logged, lexicons alone"
        ),
    )
