"""Canned answers API: every consultant reads them; supervisors add, change and delete."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from peerline_gateway import deps
from peerline_gateway.canned.models import CannedAnswer
from peerline_gateway.canned.repository import CannedRepository
from peerline_gateway.console.auth import SupervisorChanger, Viewer
from peerline_gateway.console.errors import NotFound
from peerline_shared.db import unit_of_work
from peerline_shared.events import Lang, utc_now
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console/api/canned", tags=["console"])


class CannedBody(BaseModel):
    lang: Lang
    title: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=4000)


def _view(answer: CannedAnswer) -> dict[str, Any]:
    return {
        "id": str(answer.id),
        "lang": answer.lang,
        "title": answer.title,
        "text": answer.text,
        "updated_at": answer.updated_at.isoformat(),
    }


@router.get("")
async def list_answers(session: Viewer, db: deps.DbSessions, lang: Lang | None = None) -> dict[str, Any]:
    async with db() as database:
        answers = await CannedRepository(database).list_by_lang(lang=lang)
        return {"items": [_view(answer) for answer in answers]}


@router.post("")
async def add_answer(body: CannedBody, session: SupervisorChanger, db: deps.DbSessions) -> dict[str, Any]:
    answer = CannedAnswer(
        id=uuid.uuid4(),
        lang=body.lang,
        title=body.title,
        text=body.text,
        updated_by=session.consultant_id,
        updated_at=utc_now(),
    )
    async with unit_of_work(db) as database:
        CannedRepository(database).create(answer=answer)
    log.info("canned.added", consultant_id=str(session.consultant_id))
    return {"ok": True, "item": _view(answer)}


@router.put("/{answer_id}")
async def change_answer(
    answer_id: uuid.UUID, body: CannedBody, session: SupervisorChanger, db: deps.DbSessions
) -> dict[str, Any]:
    async with unit_of_work(db) as database:
        answer = await CannedRepository(database).get(answer_id=answer_id)
        if answer is None:
            raise NotFound("no such canned answer")
        answer.lang, answer.title, answer.text = body.lang, body.title, body.text
        answer.updated_by, answer.updated_at = session.consultant_id, utc_now()
        view = _view(answer)
    return {"ok": True, "item": view}


@router.delete("/{answer_id}")
async def delete_answer(
    answer_id: uuid.UUID, session: SupervisorChanger, db: deps.DbSessions
) -> dict[str, Any]:
    async with unit_of_work(db) as database:
        repository = CannedRepository(database)
        answer = await repository.get(answer_id=answer_id)
        if answer is None:
            raise NotFound("no such canned answer")
        await repository.delete(answer=answer)
    return {"ok": True}
