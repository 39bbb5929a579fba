"""The consultant's own account page: change one's password (the current one first).

A plain form post (no script needed, CSRF token in the form). A change ends every session of
the consultant, this one included, and signs this browser in again with a fresh session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from peerline_gateway import deps
from peerline_gateway.accounts.service import AccountProblem, change_password
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import Changer, SessionCookie
from peerline_gateway.console.pages import SecureCookies, console_page
from peerline_gateway.console.sessions import COOKIE_NAME
from peerline_shared.db import unit_of_work
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)


@router.get("/account")
async def account_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(request, "account.html", store, peerline_console, problem=None, changed=False)


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
                                  changed=False)
        page.status_code = 422
        return page
    await store.end_all(session.consultant_id)  # every other browser and socket of theirs
    fresh = await store.create(session.consultant_id, alias, role)
    log.info("console.audit", action="account.password_changed", by=str(session.consultant_id))
    page = await console_page(request, "account.html", store, fresh.session_id, problem=None, changed=True)
    page.set_cookie(
        COOKIE_NAME, fresh.session_id, httponly=True, samesite="strict", secure=secure_cookies, path="/"
    )
    return page
