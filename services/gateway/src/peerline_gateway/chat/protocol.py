"""Frames of the web chat WebSocket (browser ⇄ gateway), validated before anything else."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from peerline_shared.events import Lang


class _Frame(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Hello(_Frame):
    """First frame: resume a session (token) and say what was already seen."""

    type: Literal["hello"]
    session: str | None = Field(default=None, max_length=128)
    last_seen: str | None = Field(default=None, max_length=40)
    lang: Lang | None = None


class SendMessage(_Frame):
    type: Literal["message"]
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str = Field(min_length=1)


class Forget(_Frame):
    type: Literal["forget"]


ClientFrame = Annotated[Hello | SendMessage | Forget, Field(discriminator="type")]
client_frame = TypeAdapter(ClientFrame)
