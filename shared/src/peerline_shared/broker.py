"""Moved to `peerline_shared.bus` (issue 21). This name stays for one release so that code
written against it keeps importing; new code imports `peerline_shared.bus`."""

from __future__ import annotations

from peerline_shared.bus import NO_ANSWER, create_bus, jetstream, provision_streams, publish_event, request

create_broker = create_bus

__all__ = ["NO_ANSWER", "create_broker", "jetstream", "provision_streams", "publish_event", "request"]
