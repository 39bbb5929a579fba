"""Who is asking: the session cookie, the CSRF token on every state change, and roles.

Each is a dependency a route names in its signature: `session: Viewer` (signed in),
`session: Changer` (signed in, and a state change with its CSRF token from this origin),
`Supervisor` and `SupervisorChanger` (the same, with at least the supervisor role),
`ContentViewer` and `ContentChanger` (editor, supervisor or admin: channel posts).
`conversation_worker` guards every conversation route: an editor never sees one."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Cookie, Depends, Header, Request

from peerline_gateway.console.deps import Locks, Sessions
from peerline_gateway.console.domain import has_role
from peerline_gateway.console.errors import CsrfRejected, Forbidden, NotLoggedIn, ScreenLocked
from peerline_gateway.console.sessions import BACKGROUND_HEADER, ConsoleSession, SessionStore
from peerline_shared.events.vocabulary import edits_content, works_conversations

CSRF_FORM_FIELD = "csrf_token"
SessionCookie = Annotated[str | None, Cookie(alias="peerline_console")]


def same_origin(request: Request) -> bool:
    """A forged cross-site request fails this. Browsers say where a request comes from in
    Sec-Fetch-Site; with `Referrer-Policy: no-referrer` their Origin on a form post is "null".
    Without Sec-Fetch-Site, an Origin of "null" (a sandboxed frame, a data: page, a redirect
    from elsewhere) is refused: it cannot be told apart from a forgery."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser that says (tools, tests); the CSRF token still applies
    if origin == "null":
        return False
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def current_session(
    request: Request, store: Sessions, locks: Locks, peerline_console: SessionCookie = None
) -> ConsoleSession:
    # The page's automatic refreshes say so: they must not keep an unattended console signed in.
    session = await _signed_in(store, peerline_console, touch=request.headers.get(BACKGROUND_HEADER) != "1")
    if await locks.is_locked(session.session_id):
        raise ScreenLocked()
    return session


async def session_even_locked(store: Sessions, peerline_console: SessionCookie = None) -> ConsoleSession:
    """The session whether or not its screen is locked: for unlocking and signing out."""
    return await _signed_in(store, peerline_console, touch=True)


async def _signed_in(store: SessionStore, session_id: str | None, *, touch: bool) -> ConsoleSession:
    session = await store.get(session_id, touch=touch)
    if session is None:
        raise NotLoggedIn()
    return session


async def checked_session(
    request: Request,
    session: Annotated[ConsoleSession, Depends(current_session)],
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> ConsoleSession:
    """A state change: logged in, the session's CSRF token (header or form field), same origin."""
    token = x_csrf_token
    if token is None and request.headers.get("content-type", "").startswith(
        "application/x-www-form-urlencoded"
    ):
        token = str((await request.form()).get(CSRF_FORM_FIELD) or "")
    if not token or not hmac.compare_digest(token, session.csrf_token) or not same_origin(request):
        raise CsrfRejected("missing or wrong CSRF token")
    return session


async def checked_even_locked(
    request: Request,
    session: Annotated[ConsoleSession, Depends(session_even_locked)],
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> ConsoleSession:
    return await checked_session(request, session, x_csrf_token)


Viewer = Annotated[ConsoleSession, Depends(current_session)]
Changer = Annotated[ConsoleSession, Depends(checked_session)]
LockedChanger = Annotated[ConsoleSession, Depends(checked_even_locked)]


async def supervisor_viewing(session: Viewer) -> ConsoleSession:
    return _with_supervisor_role(session)


async def supervisor_changing(session: Changer) -> ConsoleSession:
    return _with_supervisor_role(session)


def _with_supervisor_role(session: ConsoleSession) -> ConsoleSession:
    if not has_role(session.role, "supervisor"):
        raise Forbidden("needs the supervisor role")
    return session


Supervisor = Annotated[ConsoleSession, Depends(supervisor_viewing)]
SupervisorChanger = Annotated[ConsoleSession, Depends(supervisor_changing)]


async def conversation_worker(session: Viewer) -> ConsoleSession:
    """Consultant or above: an editor's session never reaches a conversation."""
    if not works_conversations(session.role):
        raise Forbidden("conversations need the consultant role")
    return session


async def content_viewing(session: Viewer) -> ConsoleSession:
    return _with_content_role(session)


async def content_changing(session: Changer) -> ConsoleSession:
    return _with_content_role(session)


def _with_content_role(session: ConsoleSession) -> ConsoleSession:
    if not edits_content(session.role):
        raise Forbidden("needs the editor or supervisor role")
    return session


ContentViewer = Annotated[ConsoleSession, Depends(content_viewing)]
ContentChanger = Annotated[ConsoleSession, Depends(content_changing)]
