"""Consultants' Telegram links over real NATS and Redis: a one-time code from the console,
redeemed once by the bot, unlinked from either side, and whom a notice is DMed to."""

from __future__ import annotations

import uuid

import pytest

from peerline_shared.bus import request
from peerline_shared.events import (
    Actor,
    AddShiftSlot,
    CommandResult,
    FindTelegramRecipients,
    LinkTelegram,
    ManageTelegramLink,
    TelegramLinked,
    TelegramLinkShown,
    TelegramRecipientsFound,
    UnlinkTelegram,
)
from peerline_shared.events import subjects as subj

from .conftest import Directory
from .test_management_rpc import RPC_TIMEOUT, SUPERVISOR, ask, save

pytestmark = pytest.mark.integration


def me(consultant_id: uuid.UUID) -> Actor:
    return Actor(consultant_id=consultant_id, alias="Olena", role="consultant")


async def manage(directory: Directory, consultant_id: uuid.UUID, action: str,
                 **fields: object) -> TelegramLinkShown:
    command = ManageTelegramLink(actor=me(consultant_id), action=action, **fields)  # type: ignore[arg-type]
    return await ask(directory, subj.RPC_DIRECTORY_TELEGRAM_MANAGE, command, TelegramLinkShown)


async def link(directory: Directory, code: str, user: str = "5550001") -> TelegramLinked:
    return await request(directory.bus, subj.RPC_DIRECTORY_TELEGRAM_LINK,
                         LinkTelegram(code=code, telegram_user_id=user), TelegramLinked, timeout=RPC_TIMEOUT)


async def recipients(directory: Directory, ids: tuple[uuid.UUID, ...], kind: str,
                     lang: str = "uk") -> TelegramRecipientsFound:
    query = FindTelegramRecipients(consultant_ids=ids, kind=kind, lang=lang)  # type: ignore[arg-type]
    return await request(directory.bus, subj.RPC_DIRECTORY_TELEGRAM_RECIPIENTS, query,
                         TelegramRecipientsFound, timeout=RPC_TIMEOUT)


async def new_consultant(directory: Directory, alias: str, *, on_shift: bool) -> uuid.UUID:
    saved = await save(directory, alias=alias)
    assert saved.consultant is not None
    consultant_id = saved.consultant.consultant_id
    if on_shift:
        for weekday in range(7):
            added = await ask(directory, subj.RPC_DIRECTORY_MANAGE_ADD_SLOT, AddShiftSlot(
                actor=SUPERVISOR, consultant_id=consultant_id, weekday=weekday, starts="00:00",
                ends="00:00"), CommandResult)
            assert added.ok
    return consultant_id


async def test_a_code_links_once_and_either_side_unlinks(directory: Directory) -> None:
    olena = await new_consultant(directory, "Olena", on_shift=False)
    assert not (await manage(directory, olena, "show")).linked

    issued = await manage(directory, olena, "issue_code")
    assert issued.code is not None and issued.code_expires_in_s == 600
    assert (await link(directory, issued.code)).alias == "Olena"
    assert (await link(directory, issued.code)).error == "code_unknown"  # single use
    assert (await manage(directory, olena, "show")).linked

    unlinked = await request(directory.bus, subj.RPC_DIRECTORY_TELEGRAM_UNLINK,
                             UnlinkTelegram(telegram_user_id="5550001"), CommandResult, timeout=RPC_TIMEOUT)
    assert unlinked.ok and not (await manage(directory, olena, "show")).linked

    again = await manage(directory, olena, "issue_code")
    assert again.code is not None and (await link(directory, again.code)).ok
    assert not (await manage(directory, olena, "unlink")).linked


async def test_a_new_code_replaces_the_last_and_codes_expire(directory: Directory) -> None:
    olena = await new_consultant(directory, "Olena", on_shift=False)
    first = (await manage(directory, olena, "issue_code")).code
    second = (await manage(directory, olena, "issue_code")).code
    assert first and second and first != second
    assert (await link(directory, first)).error == "code_unknown"
    assert 0 < await directory.redis.ttl(f"directory:telegram-link:code:{second}") <= 600


async def test_a_notice_is_dmed_by_each_ones_choice(directory: Directory) -> None:
    on_shift = await new_consultant(directory, "Olena", on_shift=True)
    off_shift = await new_consultant(directory, "Marta", on_shift=False)
    unlinked = await new_consultant(directory, "Ivan", on_shift=True)
    for user, consultant_id in (("101", on_shift), ("102", off_shift)):
        code = (await manage(directory, consultant_id, "issue_code")).code
        assert code is not None and (await link(directory, code, user)).ok

    everyone = (on_shift, off_shift, unlinked)
    found = await recipients(directory, everyone, "emergency")
    assert {(r.consultant_id, r.telegram_user_id) for r in found.recipients} == {(on_shift, "101")}

    chose = await manage(directory, off_shift, "set_mode", notify_mode="emergencies_any_time")
    assert chose.notify_mode == "emergencies_any_time"
    found = await recipients(directory, (on_shift,), "emergency")
    assert {r.consultant_id for r in found.recipients} == {on_shift, off_shift}
    offered = await recipients(directory, everyone, "new_conversation")
    assert {r.consultant_id for r in offered.recipients} == {on_shift}
    assert not (await recipients(directory, everyone, "taken")).recipients
