"""The candidates query over NATS request/reply."""

from __future__ import annotations

from sqlalchemy import select

from peerline_directory.consultants.models import Consultant
from peerline_shared.broker import rpc_handler
from peerline_shared.events import Candidate, CandidatesFound, FindCandidates
from peerline_shared.events import subjects as subj
from peerline_shared.runtime import Runtime


def register(runtime: Runtime) -> None:
    @rpc_handler(runtime.broker, subject=subj.RPC_DIRECTORY_CANDIDATES, model=FindCandidates, queue="directory")
    async def on_find(query: FindCandidates) -> CandidatesFound:
        async with runtime.sessions() as session:
            rows = (await session.execute(select(Consultant).where(Consultant.active))).scalars().all()
        matching = [row for row in rows if query.lang in row.languages]
        candidates = tuple(
            Candidate(consultant_id=row.id, alias=row.alias, role=row.role, languages=tuple(row.languages),  # type: ignore[arg-type]
                      capacity=row.capacity, topic_match=bool(set(query.topics) & set(row.topics)))
            for row in matching
        )
        return CandidatesFound(candidates=candidates, on_shift_count=len(candidates))
