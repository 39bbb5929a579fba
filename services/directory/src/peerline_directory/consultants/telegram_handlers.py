"""Entry points over NATS for consultants' Telegram links (`helpline.rpc.directory.telegram.*`).

The console manages one's own link (signed actor: a consultant changes only their own); the
Telegram adapter redeems codes, unlinks on `/unlink` and asks whom to DM for a notice.
"""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_directory.consultants import telegram_links
from peerline_directory.consultants.models import Consultant
from peerline_directory.consultants.repository import ConsultantRepository
from peerline_directory.consultants.roster import RosterCache
from peerline_directory.settings import DirectorySettings
from peerline_shared.bus import BusRouter
from peerline_shared.db import unit_of_work
from peerline_shared.events import (
    CommandResult,
    FindTelegramRecipients,
    LinkTelegram,
    ManageTelegramLink,
    TelegramLinked,
    TelegramLinkShown,
    TelegramRecipientsFound,
    UnlinkTelegram,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger

QUEUE = "directory"
log = get_logger()
router = BusRouter()
Sessions = async_sessionmaker[AsyncSession]


def shown(consultant: Consultant, code: str | None = None, ttl_s: int = 0) -> TelegramLinkShown:
    return TelegramLinkShown(linked=consultant.telegram_user_id is not None,
                             notify_mode=consultant.telegram_notify,  # type: ignore[arg-type]
                             code=code, code_expires_in_s=ttl_s if code else 0)


@router.rpc(subject=subj.RPC_DIRECTORY_TELEGRAM_MANAGE, request=ManageTelegramLink,
            reply=TelegramLinkShown, queue=QUEUE, actor=True)
async def on_manage(command: ManageTelegramLink, sessions: Sessions, roster: RosterCache, redis: Redis,
                    settings: DirectorySettings) -> TelegramLinkShown:
    consultant_id = command.actor.consultant_id
    async with unit_of_work(sessions) as session:
        consultant = await ConsultantRepository.from_session(session).get(consultant_id)
        if consultant is None or not consultant.active:
            return TelegramLinkShown(ok=False, error="unknown_consultant")
        if command.action == "unlink":
            consultant.telegram_user_id = None
        elif command.action == "set_mode" and command.notify_mode is not None:
            telegram_links.set_mode(consultant, command.notify_mode)
        reply = shown(consultant)
    if command.action != "show":
        roster.invalidate()
        log.info("directory.telegram_link_managed", action=command.action, consultant_id=str(consultant_id))
    if command.action == "issue_code":
        ttl = settings.telegram_link_code_ttl_s
        code = await telegram_links.issue_code(redis, consultant_id, ttl)
        return reply.model_copy(update={"code": code, "code_expires_in_s": ttl})
    return reply


@router.rpc(subject=subj.RPC_DIRECTORY_TELEGRAM_LINK, request=LinkTelegram, reply=TelegramLinked, queue=QUEUE)
async def on_link(command: LinkTelegram, sessions: Sessions, roster: RosterCache,
                  redis: Redis) -> TelegramLinked:
    consultant_id = await telegram_links.redeem_code(redis, command.code)
    if consultant_id is None:
        log.info("directory.telegram_link_refused", reason="code_unknown")
        return TelegramLinked(ok=False, error="code_unknown")
    async with unit_of_work(sessions) as session:
        repo = ConsultantRepository.from_session(session)
        consultant = await telegram_links.link(repo, consultant_id, command.telegram_user_id)
        alias = consultant.alias if consultant is not None else None
    if alias is None:
        return TelegramLinked(ok=False, error="unknown_consultant")
    roster.invalidate()
    log.info("directory.telegram_linked", consultant_id=str(consultant_id))
    return TelegramLinked(ok=True, alias=alias)


@router.rpc(subject=subj.RPC_DIRECTORY_TELEGRAM_UNLINK, request=UnlinkTelegram, reply=CommandResult,
            queue=QUEUE)
async def on_unlink(command: UnlinkTelegram, sessions: Sessions, roster: RosterCache) -> CommandResult:
    async with unit_of_work(sessions) as session:
        count = await telegram_links.unlink_user(ConsultantRepository.from_session(session),
                                                 command.telegram_user_id)
    roster.invalidate()
    log.info("directory.telegram_unlinked", count=count)
    return CommandResult(ok=count > 0, error=None if count else "not_linked")


@router.rpc(subject=subj.RPC_DIRECTORY_TELEGRAM_RECIPIENTS, request=FindTelegramRecipients,
            reply=TelegramRecipientsFound, queue=QUEUE)
async def on_recipients(query: FindTelegramRecipients, sessions: Sessions,
                        roster: RosterCache) -> TelegramRecipientsFound:
    async with sessions() as session:
        linked = list(await ConsultantRepository.from_session(session).list_linked_to_telegram())
    members = {member.consultant_id: member for member in await roster.members()}
    return TelegramRecipientsFound(
        recipients=telegram_links.recipients(query, linked, members, utc_now()))
