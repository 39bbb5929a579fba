"""Frames between the gateway and browsers: typed, frozen, versioned, in both directions.

Every frame is a JSON object with a `type` (what it is) and a `v` (the version of that type's
shape). The catalogue is in docs/architecture.md ("Browser frames"); the chat's frames are in
`chat/frames.py`, the console's live feed in `console/frames.py`. The pages' scripts read
these frames only: never an internal NATS event passed through.

As with events: adding an optional field keeps `v`; any other change is a new model with the
next `v`, which the page scripts learn before the server sends it. A frame from a browser may
leave `v` out (pages loaded before versions existed): it then means version 1.
"""

from __future__ import annotations

from fastapi import WebSocket
from pydantic import BaseModel, ConfigDict


class BrowserFrame(BaseModel):
    """Frozen; unknown fields from a browser are ignored, never an error."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    type: str
    v: int


def frame_json(frame: BrowserFrame) -> str:
    return frame.model_dump_json(by_alias=True)


async def send_frame(socket: WebSocket, frame: BrowserFrame) -> None:
    await socket.send_text(frame_json(frame))
