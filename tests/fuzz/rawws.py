"""A raw WebSocket client (RFC 6455 by hand), to send what no well-behaved library would:
broken UTF-8 in text frames, reserved opcodes and bits, unmasked or fragmented frames, lengths
that lie. Only for tests."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import struct
from dataclasses import dataclass

TEXT, BINARY, CLOSE, PING, CONTINUATION = 0x1, 0x2, 0x8, 0x9, 0x0


@dataclass(frozen=True)
class Received:
    frames: list[tuple[int, bytes]]
    close_code: int | None
    closed: bool


def encode_frame(
    opcode: int, payload: bytes, *, fin: bool = True, masked: bool = True, rsv: int = 0
) -> bytes:
    head = bytes([(0x80 if fin else 0) | (rsv & 0x7) << 4 | (opcode & 0xF)])
    size = len(payload)
    mask_bit = 0x80 if masked else 0
    if size < 126:
        head += bytes([mask_bit | size])
    elif size < 2**16:
        head += bytes([mask_bit | 126]) + struct.pack("!H", size)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", size)
    if not masked:
        return head + payload
    mask = os.urandom(4)
    return head + mask + bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))


def sent_close_code(raw: bytes) -> int | None:
    """The status code in a close frame this client encoded (masked or not), if it has one."""
    if len(raw) < 2 or raw[0] & 0xF != CLOSE or raw[1] & 0x7F >= 126:
        return None
    masked, size = raw[1] & 0x80, raw[1] & 0x7F
    mask, payload = (raw[2:6], raw[6 : 6 + size]) if masked else (b"\0" * 4, raw[2 : 2 + size])
    plain = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    return int(struct.unpack("!H", plain[:2])[0]) if len(plain) >= 2 else None


class RawSocket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int, path: str = "/ws/chat", origin: str | None = None) -> RawSocket:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if origin is not None:
            lines.append(f"Origin: {origin}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        if b" 101 " not in status.split(b"\r\n", 1)[0]:
            writer.close()
            raise ConnectionRefusedError(status.split(b"\r\n", 1)[0].decode(errors="replace"))
        return cls(reader, writer)

    async def send(self, raw: bytes) -> bool:
        try:
            self.writer.write(raw)
            await self.writer.drain()
        except (ConnectionError, OSError):
            return False
        return True

    async def receive(self, quiet_s: float = 1.0) -> Received:
        """Frames until the server closes, or until it has said nothing for `quiet_s`."""
        frames: list[tuple[int, bytes]] = []
        while True:
            try:
                opcode, payload = await asyncio.wait_for(self._frame(), quiet_s)
            except TimeoutError:
                return Received(frames, None, closed=False)
            except (asyncio.IncompleteReadError, ConnectionError, OSError):
                return Received(frames, None, closed=True)
            frames.append((opcode, payload))
            if opcode == CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                return Received(frames, code, closed=True)

    async def _frame(self) -> tuple[int, bytes]:
        first, second = await self.reader.readexactly(2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", await self.reader.readexactly(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", await self.reader.readexactly(8))[0]
        return first & 0xF, await self.reader.readexactly(size)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(TimeoutError, ConnectionError, OSError):
            await asyncio.wait_for(self.writer.wait_closed(), 2)
