"""The consultant's own account page: change one's password (the current one first), and link
one's own Telegram for notifications (a one-time code to send to the bot; docs/telegram.md).

Plain form posts (no script needed, CSRF token in the form). A password change ends every
session of the consultant, this one included, and signs this browser in again with a fresh
session. The Telegram link lives in the directory; the page asks it for the signed-in person."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from peerline_gateway import deps
from peerline_gateway.accounts.service import AccountProblem, change_password
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import Changer, SessionCookie
from peerline_gateway.console.errors import ServiceUnavailable
from peerline_gateway.console.pages import SecureCookies, console_page
from peerline_gateway.console.rpc import Directory
from peerline_gateway.console.sessions import COOKIE_NAME, ConsoleSession
from peerline_shared.db import unit_of_work
from peerline_shared.events import ManageTelegramLink, TelegramLinkShown
from peerline_shared.events import subjects as subj
from peerline_shared.events.vocabulary import TELEGRAM_NOTIFY_MODES, TelegramNotifyMode, works_conversations
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)


async def telegram_link(directory: Directory, session: ConsoleSession, action: str = "show",
                        notify_mode: TelegramNotifyMode | None = None) -> TelegramLinkShown | None:
    """The signed-in person's Telegram link as the directory has it; None if it is silent, and
    for an editor, who is sent no notices (and whose role no `Actor` can carry)."""
    if not works_conversations(session.role):
        return None
    command = ManageTelegramLink(actor=session.actor(), action=action,  # type: ignore[arg-type]
                                 notify_mode=notify_mode)
    try:
        return await directory.ask(subj.RPC_DIRECTORY_TELEGRAM_MANAGE, command, TelegramLinkShown,
                                   what="Telegram link")
    except ServiceUnavailable:
        return None


@router.get("/account")
async def account_page(
    request: Request, store: console_deps.Sessions, directory: Directory,
    peerline_console: SessionCookie = None,
) -> Response:
    session = await store.get(peerline_console, touch=False)
    telegram = await telegram_link(directory, session) if session is not None else None
    return await console_page(request, "account.html", store, peerline_console, problem=None, changed=False,
                              telegram=telegram, telegram_modes=TELEGRAM_NOTIFY_MODES)


@router.post("/account/telegram")
async def manage_telegram(
    request: Request,
    session: Changer,
    action: Annotated[Literal["issue_code", "unlink", "set_mode"], Form()],
    store: console_deps.Sessions,
    directory: Directory,
    notify_mode: Annotated[TelegramNotifyMode | None, Form()] = None,
) -> Response:
    telegram = await telegram_link(directory, session, action, notify_mode)
    log.info("console.audit", action=f"account.telegram_{action}", by=str(session.consultant_id))
    return await console_page(request, "account.html", store, session.session_id, problem=None,
                              changed=False, telegram=telegram, telegram_saved=action == "set_mode",
                              telegram_modes=TELEGRAM_NOTIFY_MODES)


@router.post("/account/password")
async def change_own_password(
    request: Request,
    session: Changer,
    current_password: Annotated[str, Form(max_length=256)],
    new_password: Annotated[str, Form(max_length=256)],
    db: deps.DbSessions,
    store: console_deps.Sessions,
    secure_cookies: SecureCookies,
) -> Response:
    try:
        async with unit_of_work(db) as database:
            account = await change_password(database, session.consultant_id, current_password, new_password)
            role, alias = account.role, account.alias
    except AccountProblem as problem:
        log.info("console.audit", action="account.password_change_refused", by=str(session.consultant_id))
        page = await console_page(request, "account.html", store, session.session_id, problem=str(problem),
                                  changed=False, telegram=None)
        page.status_code = 422
        return page
    await store.end_all(session.consultant_id)  # every other browser and socket of theirs
    fresh = await store.create(session.consultant_id, alias, role)
    log.info("console.audit", action="account.password_changed", by=str(session.consultant_id))
    page = await console_page(request, "account.html", store, fresh.session_id, problem=None, changed=True,
                              telegram=None)
    page.set_cookie(
        COOKIE_NAME, fresh.session_id, httponly=True, samesite="strict", secure=secure_cookies, path="/"
    )
    return page
