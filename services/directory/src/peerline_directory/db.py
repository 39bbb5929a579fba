"""The directory's tables share this declarative base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peerline_shared.db import make_base

if TYPE_CHECKING:
    from sqlalchemy.orm import DeclarativeBase

    class Base(DeclarativeBase):
        """What `make_base` returns, spelled as a class for the type checker."""

else:
    Base = make_base("directory")
