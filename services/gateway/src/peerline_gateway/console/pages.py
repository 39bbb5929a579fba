"""Console pages: sign in (with lockout), sign out, the queue, supervisor and canned answers."""

from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from peerline_gateway.accounts.service import authenticate
from peerline_gateway.addresses import AddressKeys
from peerline_gateway.console.auth import ConsoleAuth, same_origin
from peerline_gateway.console.domain import OUTCOME_TAGS, has_role
from peerline_gateway.console.lockout import LockoutPolicy, LoginThrottle
from peerline_gateway.console.sessions import COOKIE_NAME, ConsoleSession
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import LANG_COOKIE, page_lang, render, texts_for
from peerline_shared.events import TOPICS, URGENCY_ORDER
from peerline_shared.events.directory import HelpServiceKind
from peerline_shared.i18n import LANGUAGES
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime
from peerline_shared.settings import Mode

log = get_logger()
CONSOLE_TEXTS = ("console.", "supervisor.", "canned.", "lang_name")
HELP_KINDS: tuple[str, ...] = HelpServiceKind.__args__  # type: ignore[attr-defined]


def pages_router(runtime: Runtime, settings: GatewaySettings, auth: ConsoleAuth) -> APIRouter:
    router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)
    policy = LockoutPolicy(
        settings.login_max_failures,
        settings.login_ip_max_failures,
        settings.login_lockout_seconds,
        settings.login_lockout_max_seconds,
    )
    secure_cookie = settings.mode is Mode.PRODUCTION
    addresses = AddressKeys(settings.session_secret.get_secret_value().encode())

    def throttle() -> LoginThrottle:
        return LoginThrottle(runtime.redis, policy)

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
    ) -> Response:
        address = addresses.key(request.client.host if request.client else "unknown")
        if not same_origin(request):
            return login_form(request, 403, error="wrong")
        if (seconds := await throttle().locked_for(login, address)) > 0:
            log.info("console.login_locked")
            return login_form(request, 429, error="locked", seconds=seconds)
        async with runtime.sessions() as db:
            account = await authenticate(db, login, password)
        if account is None:
            locked = await throttle().failed(login, address)
            log.info("console.login_failed", lockout_seconds=locked)
            if locked:
                return login_form(request, 429, error="locked", seconds=locked)
            return login_form(request, 401, error="wrong")
        await throttle().succeeded(login, address)
        session = await auth.sessions().create(account.consultant_id, account.alias, account.role)
        log.info("console.login", consultant_id=str(account.consultant_id))
        response = RedirectResponse("/console", status_code=303)
        response.set_cookie(
            COOKIE_NAME, session.session_id, httponly=True, samesite="strict", secure=secure_cookie, path="/"
        )
        return response

    @router.post("/logout")
    async def logout(session: Annotated[ConsoleSession, Depends(auth.checked)]) -> Response:
        await auth.sessions().delete(session.session_id)
        log.info("console.logout", consultant_id=str(session.consultant_id))
        response = RedirectResponse("/console/login", status_code=303)
        response.delete_cookie(COOKIE_NAME, path="/")
        return response

    @router.get("/lang/{lang}")
    async def choose_language(lang: str, request: Request) -> Response:
        target = request.query_params.get("next", "/console")
        response = RedirectResponse(target if target.startswith("/console") else "/console", status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(
                LANG_COOKIE,
                lang,
                samesite="strict",
                secure=secure_cookie,
                path="/console",
                max_age=365 * 86400,
            )
        return response

    async def page(request: Request, name: str, peerline_console: str | None, **context: Any) -> Response:
        session = await auth.sessions().get(peerline_console)
        if session is None:
            return RedirectResponse("/console/login", status_code=303)
        lang = page_lang(request, use_cookie=True)
        response: Response = render(
            request,
            name,
            lang,
            session=session,
            texts=texts_for(CONSOLE_TEXTS),
            is_supervisor=has_role(session.role, "supervisor"),
            path=request.url.path,
            **context,
        )
        return response

    @router.get("")
    async def console_page(
        request: Request, peerline_console: Annotated[str | None, Cookie()] = None
    ) -> Response:
        return await page(
            request,
            "console.html",
            peerline_console,
            outcomes=OUTCOME_TAGS,
            help_kinds=HELP_KINDS,
            urgencies=URGENCY_ORDER,
            topics=TOPICS,
        )

    @router.get("/supervisor")
    async def supervisor_page(
        request: Request, peerline_console: Annotated[str | None, Cookie()] = None
    ) -> Response:
        return await page(request, "supervisor.html", peerline_console, urgencies=URGENCY_ORDER)

    @router.get("/canned")
    async def canned_page(
        request: Request, peerline_console: Annotated[str | None, Cookie()] = None
    ) -> Response:
        return await page(request, "canned.html", peerline_console, answer_langs=LANGUAGES)

    return router
