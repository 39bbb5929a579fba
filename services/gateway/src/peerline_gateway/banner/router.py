"""Active bad-batch alerts for the web chat's banner (`GET /chat/alerts`).

The Telegram adapter owns alerts; the gateway asks it and keeps the answer in Redis for
`CACHE_S`, so a thousand chat pages cost one request. Nothing about the client is sent: the
page filters by the place the client chose (or shows every alert, each with its place, while
the client has not chosen one), in its own script (static/chat.js).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from peerline_gateway import deps
from peerline_gateway.console.errors import ServiceUnavailable
from peerline_gateway.console.rpc import Telegram
from peerline_shared.events import ActiveAlert, ActiveAlertsListed, ListActiveAlerts
from peerline_shared.events import subjects as subj
from peerline_shared.events.vocabulary import LANGS
from peerline_shared.logging import get_logger
from peerline_shared.places import place_name

log = get_logger()
router = APIRouter(tags=["chat"])
CACHE_KEY = "gateway:chat:active-alerts"
CACHE_S = 30
UNAVAILABLE_CACHE_S = 5
"""Without an alerting adapter (Telegram disabled) the answer is "none", asked again soon."""
EMPTY = b'{"alerts":[]}'


def shown(alert: ActiveAlert) -> dict[str, Any]:
    body = alert.model_dump(mode="json")
    body["place"] = (
        None
        if alert.country is None
        else {lang: place_name(alert.country, alert.region, lang) for lang in LANGS}
    )
    return body


@router.get("/chat/alerts", include_in_schema=False)
async def active_alerts(redis: deps.RedisClient, telegram: Telegram) -> Response:
    cached = await redis.get(CACHE_KEY)
    if cached is None:
        try:
            listed = await telegram.ask(
                subj.RPC_TELEGRAM_ALERTS_ACTIVE, ListActiveAlerts(), ActiveAlertsListed, what="alerts"
            )
        except ServiceUnavailable:
            log.warning("chat.alerts_unavailable")
            await redis.set(CACHE_KEY, EMPTY, ex=UNAVAILABLE_CACHE_S)
            return Response(EMPTY, media_type="application/json", headers={"Cache-Control": "no-store"})
        cached = json.dumps(
            {"alerts": [shown(alert) for alert in listed.alerts]}, ensure_ascii=False
        ).encode()
        await redis.set(CACHE_KEY, cached, ex=CACHE_S)
    return Response(cached, media_type="application/json", headers={"Cache-Control": "no-store"})
