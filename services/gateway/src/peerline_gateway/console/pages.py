"""Console pages: sign in (with lockout), sign out, the queue, supervisor and canned answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from peerline_gateway import deps
from peerline_gateway.accounts.service import authenticate, is_active
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import Changer, SessionCookie, same_origin
from peerline_gateway.console.domain import OUTCOME_TAGS, has_role
from peerline_gateway.console.sessions import BACKGROUND_HEADER, COOKIE_NAME, SessionStore
from peerline_gateway.web import LANG_COOKIE, page_lang, render, texts_for
from peerline_shared.events import TOPICS, URGENCY_ORDER
from peerline_shared.events.directory import HelpServiceKind
from peerline_shared.i18n import LANGUAGES
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)
CONSOLE_TEXTS = ("console.", "supervisor.", "canned.", "lang_name")
HELP_KINDS: tuple[str, ...] = HelpServiceKind.__args__  # type: ignore[attr-defined]
Throttle = console_deps.Throttle
SecureCookies = Annotated[bool, Depends(deps.secure_cookies)]


def login_form(request: Request, status_code: int = 200, **context: object) -> Response:
    lang = page_lang(request, use_cookie=True)
    expired = request.query_params.get("expired") == "1"
    page: Response = render(
        request, "login.html", lang, status_code, **({"error": None, "expired": expired} | context)
    )
    return page


@router.get("/login")
async def login_page(request: Request) -> Response:
    return login_form(request)


@router.post("/login")
async def login(
    request: Request,
    login: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    addresses: deps.Addresses,
    db: deps.DbSessions,
    throttle: Throttle,
    store: console_deps.Sessions,
    secure_cookies: SecureCookies,
) -> Response:
    address = addresses.key(request.client.host if request.client else "unknown")
    if not same_origin(request):
        return login_form(request, 403, error="wrong")
    if (seconds := await throttle.locked_for(login, address)) > 0:
        log.info("console.login_locked")
        return login_form(request, 429, error="locked", seconds=seconds)
    async with db() as database:
        account = await authenticate(database, login, password)
    if account is None:
        locked = await throttle.failed(login, address)
        log.info("console.login_failed", lockout_seconds=locked)
        if locked:
            return login_form(request, 429, error="locked", seconds=locked)
        return login_form(request, 401, error="wrong")
    await throttle.succeeded(login, address)
    session = await store.create(account.consultant_id, account.alias, account.role)
    # Deactivation commits, then ends sessions: read again after creating ours, so a
    # deactivation racing this sign-in either shows here or ends this session too.
    async with db() as database:
        still_active = await is_active(database, account.consultant_id)
    if not still_active:
        await store.delete(session.session_id)
        return login_form(request, 401, error="wrong")
    log.info("console.login", consultant_id=str(account.consultant_id))
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(
        COOKIE_NAME, session.session_id, httponly=True, samesite="strict", secure=secure_cookies, path="/"
    )
    return response


@router.post("/logout")
async def logout(session: Changer, store: console_deps.Sessions) -> Response:
    await store.delete(session.session_id)
    log.info("console.logout", consultant_id=str(session.consultant_id))
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@router.get("/lang/{lang}")
async def choose_language(lang: str, request: Request, secure_cookies: SecureCookies) -> Response:
    target = request.query_params.get("next", "/console")
    response = RedirectResponse(target if target.startswith("/console") else "/console", status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, lang, samesite="strict", secure=secure_cookies, path="/console", max_age=365 * 86400
        )
    return response


async def console_page(
    request: Request,
    name: str,
    store: SessionStore,
    session_id: str | None,
    texts: tuple[str, ...] = CONSOLE_TEXTS,
    **context: Any,
) -> Response:
    """A signed-in page, or the way to the login form."""
    session = await store.get(session_id, touch=request.headers.get(BACKGROUND_HEADER) != "1")
    if session is None:
        return RedirectResponse("/console/login", status_code=303)
    response: Response = render(
        request,
        name,
        page_lang(request, use_cookie=True),
        session=session,
        texts=texts_for(texts),
        is_supervisor=has_role(session.role, "supervisor"),
        path=request.url.path,
        **context,
    )
    return response


@router.get("")
async def queue_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(
        request,
        "console.html",
        store,
        peerline_console,
        outcomes=OUTCOME_TAGS,
        help_kinds=HELP_KINDS,
        urgencies=URGENCY_ORDER,
        topics=TOPICS,
    )


@router.get("/supervisor")
async def supervisor_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(request, "supervisor.html", store, peerline_console, urgencies=URGENCY_ORDER)


@router.get("/canned")
async def canned_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(request, "canned.html", store, peerline_console, answer_langs=LANGUAGES)
