"""A client's recent urgencies, in Redis with a TTL: the conversation context for triage."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import cast

from redis.asyncio import Redis
from redis.exceptions import NoScriptError

from peerline_triage.classifier import URGENCY_LEVELS, Urgency

MAX_REMEMBERED = 10
SEPARATOR = ","
"""Between a client's urgencies in the script's answer (no urgency contains it)."""

# A batch's context read and its urgencies remembered in one command: at a few hundred
# messages a second redis-py's per-command work is a fair share of the handler's CPU (two
# scripts a batch cost 8-21 % of triage's, docs/benchmarks.md). Each entry is "urgency
# event_id": a redelivered message (a batch retried event by event, an ack lost) finds its
# own entry, is not remembered twice, and gets the context it had the first time (the
# entries older than the batch's own). KEYS: the batch's clients, each once; ARGV: how many
# to keep, the TTL, the separator, then per message its client's place in KEYS, its urgency
# and its event id. Each client's list comes back as one string (one element a client).
RECALL_AND_REMEMBER = """
local keep, ttl, separator = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local ours = {}
for at = 4, #ARGV, 3 do
  ours[ARGV[at + 2]] = true
end
local known, found = {}, {}
for index, key in ipairs(KEYS) do
  local entries = redis.call('LRANGE', key, 0, keep - 1)
  local from = 1
  for position, entry in ipairs(entries) do
    local id = string.match(entry, ' (.+)$')
    if id and ours[id] then
      known[id] = true
      from = position + 1
    end
  end
  local levels = {}
  for position = from, #entries do
    levels[#levels + 1] = string.match(entries[position], '^[^ ]+')
  end
  found[index] = table.concat(levels, separator)
end
for at = 4, #ARGV, 3 do
  if not known[ARGV[at + 2]] then
    local key = KEYS[tonumber(ARGV[at])]
    redis.call('LPUSH', key, ARGV[at + 1] .. ' ' .. ARGV[at + 2])
    redis.call('LTRIM', key, 0, keep - 1)
    redis.call('EXPIRE', key, ttl)
  end
end
return found
"""
_SHA = hashlib.sha1(RECALL_AND_REMEMBER.encode()).hexdigest()


class RecentUrgencies:
    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self.redis = redis
        self.ttl_seconds = ttl_seconds

    @staticmethod
    def _key(client_id: str) -> str:
        return f"triage:recent:{client_id}"

    async def list_many(self, client_ids: Iterable[str]) -> dict[str, Sequence[Urgency]]:
        """Several clients' recent urgencies, newest first, in one command."""
        return await self._recall(list(dict.fromkeys(client_ids)), [])

    async def recall_and_remember(
        self, messages: Sequence[tuple[str, str, Urgency]]
    ) -> dict[str, Sequence[Urgency]]:
        """The recent urgencies of the clients of `messages` (client id, event id, urgency, in
        stream order) as they were before these messages, then each message remembered once
        (one remembered already is not again), in one command."""
        return await self._recall(list(dict.fromkeys(client_id for client_id, _, _ in messages)), messages)

    async def _recall(
        self, wanted: list[str], messages: Sequence[tuple[str, str, Urgency]]
    ) -> dict[str, Sequence[Urgency]]:
        if not wanted:
            return {}
        place = {client_id: index for index, client_id in enumerate(wanted, start=1)}
        args: list[str | int] = [MAX_REMEMBERED, self.ttl_seconds, SEPARATOR]
        for client_id, event_id, urgency in messages:
            args += (place[client_id], urgency, event_id)
        found = await self._run([self._key(client_id) for client_id in wanted], args)
        return {
            client_id: [value for value in joined.split(SEPARATOR) if value in URGENCY_LEVELS]
            for client_id, joined in zip(wanted, found, strict=True)
        }

    async def _run(self, keys: list[str], args: list[str | int]) -> list[str]:
        # EVALSHA of a digest computed once (redis-py's `register_script` builds an object
        # and hashes the script again each time); EVAL loads it where the server lacks it.
        try:
            return cast(list[str], await self.redis.evalsha(_SHA, len(keys), *keys, *args))
        except NoScriptError:
            return cast(list[str], await self.redis.eval(RECALL_AND_REMEMBER, len(keys), *keys, *args))

    async def forget(self, client_id: str) -> None:
        await self.redis.delete(self._key(client_id))
