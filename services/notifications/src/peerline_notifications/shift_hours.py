"""Hours on shift come from the directory, which owns shifts: asked over the bus for each
report (never read from its tables). Silence leaves the hours unknown, never zero."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from peerline_shared.bus import Bus, request
from peerline_shared.events import (
    ConsultantShiftHours,
    GetShiftHours,
    ReportPeriod,
    ShiftHoursListed,
    ShiftWindow,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

log = get_logger()


class ShiftHours(Protocol):
    async def hours(self, periods: Sequence[ReportPeriod]) -> Sequence[ConsultantShiftHours] | None:
        """Planned hours per consultant and period; None when the directory did not answer."""
        ...


class NoShiftHours:
    """For a report made where the directory cannot be asked (hours then shown as unknown)."""

    async def hours(self, periods: Sequence[ReportPeriod]) -> Sequence[ConsultantShiftHours] | None:
        return None


class NatsShiftHours:
    def __init__(self, bus: Bus, timeout_s: float) -> None:
        self.bus = bus
        self.timeout_s = timeout_s

    async def hours(self, periods: Sequence[ReportPeriod]) -> Sequence[ConsultantShiftHours] | None:
        query = GetShiftHours(windows=tuple(ShiftWindow(start=p.start, end=p.end) for p in periods))
        try:
            listed = await request(
                self.bus, subj.RPC_DIRECTORY_SHIFT_HOURS, query, ShiftHoursListed, timeout=self.timeout_s
            )
        except Exception as exc:  # timeout, no responders, an unreadable reply: hours unknown
            log.warning("report.shift_hours_unavailable", error_type=type(exc).__name__)
            return None
        return listed.consultants
