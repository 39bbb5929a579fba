"""Console pages: sign in (with lockout), sign out, the queue, supervisor and canned answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from peerline_gateway import deps
from peerline_gateway.accounts.service import authenticate
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console import second_factor
from peerline_gateway.console.auth import LockedChanger, SessionCookie, same_origin
from peerline_gateway.console.domain import OUTCOME_TAGS, has_role
from peerline_gateway.console.sessions import BACKGROUND_HEADER, COOKIE_NAME, SessionStore
from peerline_gateway.web import LANG_COOKIE, page_lang, render, texts_for
from peerline_shared.events import TOPICS, URGENCY_ORDER
from peerline_shared.events.directory import HelpServiceKind
from peerline_shared.events.vocabulary import edits_content, works_conversations
from peerline_shared.i18n import LANGUAGES
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)
CONSOLE_TEXTS = ("console.", "supervisor.", "canned.", "library.", "posts.nav", "lang_name")
HELP_KINDS: tuple[str, ...] = HelpServiceKind.__args__  # type: ignore[attr-defined]
Throttle = console_deps.Throttle
SecureCookies = Annotated[bool, Depends(deps.secure_cookies)]
RoleTest = Callable[[str], bool]


def supervises(role: str) -> bool:
    return has_role(role, "supervisor")


def home_for(role: str) -> str:
    """Where a page the role may not see sends it: the queue, or an editor's posts."""
    return "/console" if works_conversations(role) else "/console/posts"


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
    gw: deps.TheGateway,
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
    # The failure count is cleared only once the second factor (if any) is through too.
    return await second_factor.after_password(account, gw, throttle, address)


@router.post("/logout")
async def logout(session: LockedChanger, store: console_deps.Sessions) -> Response:
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
    shown_to: RoleTest | None = None,
    **context: Any,
) -> Response:
    """A signed-in page, or the way to the login form; a role `shown_to` refuses goes home
    (its data calls would be refused anyway: an empty page only confuses)."""
    session = await store.get(session_id, touch=request.headers.get(BACKGROUND_HEADER) != "1")
    if session is None:
        return RedirectResponse("/console/login", status_code=303)
    gw = await deps.gateway(request)
    if await console_deps.screen_locks_for(gw.settings, gw.runtime.redis).is_locked(session.session_id):
        return RedirectResponse("/console/locked", status_code=303)
    if shown_to is not None and not shown_to(session.role):
        return RedirectResponse(home_for(session.role), status_code=303)
    response: Response = render(
        request,
        name,
        page_lang(request, use_cookie=True),
        session=session,
        texts=texts_for(texts),
        is_supervisor=has_role(session.role, "supervisor"),
        works_conversations=works_conversations(session.role),
        edits_content=edits_content(session.role),
        lock_after_minutes=gw.settings.console_lock_minutes,
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
        shown_to=works_conversations,
        outcomes=OUTCOME_TAGS,
        help_kinds=HELP_KINDS,
        urgencies=URGENCY_ORDER,
        topics=TOPICS,
    )


@router.get("/supervisor")
async def supervisor_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(request, "supervisor.html", store, peerline_console, shown_to=supervises,
                              urgencies=URGENCY_ORDER)


@router.get("/canned")
async def canned_page(
    request: Request, store: console_deps.Sessions, peerline_console: SessionCookie = None
) -> Response:
    return await console_page(request, "canned.html", store, peerline_console, shown_to=works_conversations,
                              answer_langs=LANGUAGES)
