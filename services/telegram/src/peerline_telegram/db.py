"""The Telegram adapter's tables share this declarative base."""

from __future__ import annotations

from peerline_shared.db import make_base

Base = make_base("telegram")
