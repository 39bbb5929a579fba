"""Notifications settings (env prefix `PEERLINE_NOTIFICATIONS_`)."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator

from peerline_notifications.domain.sla import SlaPolicy
from peerline_shared.settings import BaseServiceSettings, PeerlineSettings, actor_key_field, service_config


class ReportZoneSettings(PeerlineSettings):
    """The report time zone alone, readable without the service's secrets: the migration that
    gives existing conversations their report day (0011) runs in a job that has none."""

    model_config = service_config("PEERLINE_NOTIFICATIONS_")

    report_time_zone: str = Field(
        default="Europe/Kyiv", max_length=64, description="time zone of report days, weeks and months"
    )

    @field_validator("report_time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        # Refused at start: conversations take their report day in this zone when they open.
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (an IANA name such as Europe/Kyiv)") from None
        return name

    def report_zone(self) -> ZoneInfo:
        return ZoneInfo(self.report_time_zone)


class NotificationsSettings(BaseServiceSettings, ReportZoneSettings):
    model_config = service_config("PEERLINE_NOTIFICATIONS_")
    service_name: ClassVar[str] = "notifications"

    host: str = "127.0.0.1"
    port: int = 8204
    actor_key: SecretStr = actor_key_field()
    reopen_window_hours: float = Field(
        default=24.0, gt=0, description="the same client writing within this reopens a closed conversation"
    )

    # Routing
    directory_timeout_s: float = Field(
        default=2.0, gt=0, description="wait for the directory's candidates; silence leaves it queued"
    )
    default_capacity: int = Field(
        default=3, ge=1, description="conversations a consultant may hold when the directory has not said"
    )

    # SLA: unclaimed limits per urgency, then widen the circle, then supervisors.
    sla_emergency_s: float = Field(
        default=30.0, gt=0, description="emergency unclaimed: everyone on shift and supervisors again"
    )
    sla_high_s: float = Field(
        default=180.0, gt=0, description="high unclaimed: widen the circle (2x: supervisors)"
    )
    sla_normal_s: float = Field(
        default=900.0, gt=0, description="normal unclaimed: widen the circle (2x: supervisors)"
    )
    sla_low_s: float = Field(
        default=3600.0, gt=0, description="low unclaimed: widen the circle (2x: supervisors)"
    )
    emergency_repeat_s: float = Field(default=30.0, gt=0, description="emergency alerts repeat until claimed")
    queue_notice_after_s: float = Field(
        default=60.0, gt=0, description="unclaimed this long: the client is told their place in the queue"
    )
    inactivity_requeue_s: float = Field(
        default=600.0, gt=0, description="active with no consultant reply this long: back to the queue"
    )
    route_retry_s: float = Field(
        default=30.0,
        gt=0,
        description="retry routing a conversation never offered (directory silent, nobody on shift)",
    )
    min_route_interval_s: float = Field(
        default=5.0, ge=0, description="least time between two routings of one conversation"
    )
    sla_tick_s: float = Field(default=2.0, gt=0, description="how often the SLA loop looks at the queue")
    leader_lease_s: float = Field(
        default=6.0, ge=1.0,
        description="leader lease TTL: one replica runs the SLA, outbox, notice and retention loops;"
        " another takes over within about this long after it dies",
    )

    # Notices, auto-replies
    notice_batch_s: float = Field(
        default=10.0, gt=0, description="non-urgent consultant notices are batched over this period"
    )
    after_hours_repeat_s: float = Field(
        default=3600.0, gt=0, description="at most one after-hours auto-reply per conversation per period"
    )
    service_hours: str = Field(
        default="09:00–21:00 (Kyiv time)",
        max_length=200,
        description="opening hours quoted in the after-hours reply",
    )

    # Retention
    message_retention_days: float = Field(
        default=90.0, gt=0, description="message text older than this is purged"
    )
    audit_retention_days: float = Field(
        default=1825.0, gt=0, description="audit records older than this are pruned"
    )
    retention_interval_s: float = Field(default=3600.0, gt=0, description="how often retention runs")
    outbox_relay_s: float = Field(
        default=1.0, gt=0, description="how often events a crash left in the outbox are republished"
    )
    consumer_ack_wait_s: float = Field(
        default=30.0, gt=0, description="redelivery delay of an event a crash left unacked"
    )
    triaged_batch_max: int = Field(
        default=64, ge=1, le=1000,
        description="most triaged messages applied in one transaction (those in flight together)",
    )
    # 25 ms, not triage's 10: notifications' transaction is the costliest per call, and at the
    # 1,000 msg/s step the larger batches kept p99 under 250 ms in 5 runs of 5 (10 ms: 3 of 5;
    # docs/benchmarks.md, 2026-12-05 morning).
    triaged_linger_s: float = Field(
        default=0.025, ge=0, le=1.0,
        description="under load (the last second brought 2 messages or more per this wait), the "
        "shortest time between two transactions' batches, the last one's counted in it; 0: never wait",
    )

    # Reports
    report_min_count: int = Field(
        default=5, ge=1, description="report counts above zero and under this are withheld (page and exports)"
    )

    def sla_policy(self) -> SlaPolicy:
        return SlaPolicy(
            unclaimed_limits={
                "emergency": timedelta(seconds=self.sla_emergency_s),
                "high": timedelta(seconds=self.sla_high_s),
                "normal": timedelta(seconds=self.sla_normal_s),
                "low": timedelta(seconds=self.sla_low_s),
            },
            emergency_repeat=timedelta(seconds=self.emergency_repeat_s),
            queue_notice_after=timedelta(seconds=self.queue_notice_after_s),
            inactivity_limit=timedelta(seconds=self.inactivity_requeue_s),
            route_retry=timedelta(seconds=self.route_retry_s),
            min_route_interval=timedelta(seconds=self.min_route_interval_s),
        )
