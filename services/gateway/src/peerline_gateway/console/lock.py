"""Lock now, and unlock with the password: the session stays, the screen shows nothing of
anyone's conversations meanwhile. The console's script locks after a while without keyboard,
mouse or touch (console-common.js); the server refuses a locked session's reads and sockets."""

from __future__ import annotations

from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from peerline_gateway import deps
from peerline_gateway.accounts.models import Account
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import LockedChanger, SessionCookie
from peerline_gateway.web import page_lang, render
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)
Throttle = console_deps.Throttle
_hasher = PasswordHasher()


@router.post("/lock")
async def lock_now(session: LockedChanger, locks: console_deps.Locks) -> Response:
    await locks.lock(session.session_id)
    log.info("console.locked", consultant_id=str(session.consultant_id))
    return RedirectResponse("/console/locked", status_code=303)


@router.get("/locked")
async def locked_page(
    request: Request,
    store: console_deps.Sessions,
    locks: console_deps.Locks,
    peerline_console: SessionCookie = None,
) -> Response:
    session = await store.get(peerline_console)
    if session is None:
        return RedirectResponse("/console/login?expired=1", status_code=303)
    if not await locks.is_locked(session.session_id):
        return RedirectResponse("/console", status_code=303)
    error = request.query_params.get("error")
    page: Response = render(
        request, "locked.html", page_lang(request, use_cookie=True), 200, session=session, error=error
    )
    return page


@router.post("/unlock")
async def unlock(
    request: Request,
    password: Annotated[str, Form(max_length=256)],
    session: LockedChanger,
    locks: console_deps.Locks,
    db: deps.DbSessions,
    throttle: Throttle,
    addresses: deps.Addresses,
) -> Response:
    """The password again (not a new sign-in); wrong ones count towards the login lockout."""
    address = addresses.key(request.client.host if request.client else "unknown")
    async with db() as database:
        account = await database.get(Account, session.consultant_id)
    if account is None or not account.active:
        return RedirectResponse("/console/login?expired=1", status_code=303)
    if await throttle.locked_for(account.login, address) > 0:
        return RedirectResponse("/console/locked?error=locked", status_code=303)
    if not password_matches(account, password):
        await throttle.failed(account.login, address)
        log.info("console.unlock_failed", consultant_id=str(session.consultant_id))
        return RedirectResponse("/console/locked?error=wrong", status_code=303)
    await throttle.succeeded(account.login, address)
    await locks.unlock(session.session_id)
    log.info("console.unlocked", consultant_id=str(session.consultant_id))
    return RedirectResponse("/console", status_code=303)


def password_matches(account: Account, password: str) -> bool:
    try:
        return _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
