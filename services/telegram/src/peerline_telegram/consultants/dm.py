"""The text of a notice DM, pure: urgency, topics, language, waiting time and a console link.

Built only from the notice's own fields, which never carry client text or anything about the
client; the notice's free-text summary is left out on purpose.
"""

from __future__ import annotations

from datetime import datetime

from peerline_shared.events import ConsultantNotified
from peerline_shared.i18n import Catalogue


def waiting_minutes(since: datetime | None, now: datetime) -> int | None:
    if since is None:
        return None
    return max(0, int((now - since).total_seconds() // 60))


def console_link(console_url: str, notice: ConsultantNotified) -> str:
    base = console_url.rstrip("/")
    return f"{base}#conversation={notice.conversation_id}" if notice.conversation_id else base


def compose(notice: ConsultantNotified, lang: str, catalogue: Catalogue, console_url: str,
            now: datetime) -> str:
    lines = [catalogue.get(f"dm.kind.{notice.kind}", lang)]
    if notice.urgency:
        lines.append(catalogue.get("dm.urgency", lang, urgency=notice.urgency))
    if notice.topics:
        lines.append(catalogue.get("dm.topics", lang, topics=", ".join(notice.topics)))
    if notice.lang:
        lines.append(catalogue.get("dm.language", lang, language=notice.lang))
    minutes = waiting_minutes(notice.waiting_since, now)
    if minutes is not None:
        lines.append(catalogue.get("dm.waiting", lang, minutes=minutes))
    if notice.repeat and notice.kind == "emergency":
        lines.append(catalogue.get("dm.repeat", lang, repeat=notice.repeat))
    lines.append(catalogue.get("dm.open", lang, link=console_link(console_url, notice)))
    return "\n".join(lines)
