"""The second step of signing in (a TOTP or recovery code), enrolment with a QR code, and a
supervisor's reset of someone's second factor. Before the code, the consultant holds a
pending sign-in (console/pending.py), never a session."""

from __future__ import annotations

import hmac
import uuid
from typing import Annotated

import segno
from fastapi import APIRouter, Cookie, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from markupsafe import Markup

from peerline_gateway import deps
from peerline_gateway.accounts.models import Account
from peerline_gateway.accounts.service import is_active
from peerline_gateway.addresses import AddressKeys
from peerline_gateway.console import deps as console_deps
from peerline_gateway.console.auth import SessionCookie, SupervisorChanger, same_origin
from peerline_gateway.console.lockout import LoginThrottle
from peerline_gateway.console.pending import PENDING_COOKIE, PENDING_SECONDS, PendingLogin, PendingLogins
from peerline_gateway.console.sessions import COOKIE_NAME, SessionStore
from peerline_gateway.secondfactor import domain
from peerline_gateway.secondfactor import service as second_factor
from peerline_gateway.web import page_lang, render
from peerline_shared.db import unit_of_work
from peerline_shared.logging import get_logger

log = get_logger()
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)
Throttle = console_deps.Throttle
PendingCookie = Annotated[str | None, Cookie(alias=PENDING_COOKIE)]


async def after_password(
    account: Account, gw: deps.Gateway, throttle: LoginThrottle, address: str
) -> Response:
    """The password was right: a session at once, or first the code, or first enrolment."""
    async with unit_of_work(gw.runtime.sessions) as database:
        enrolled = await second_factor.get(database, account.consultant_id) is not None
    required = domain.second_factor_required(account.role, gw.settings.totp_required_for)
    if not enrolled and not required:
        await throttle.succeeded(account.login, address)
        return await start_session(gw, account.consultant_id, account.alias, account.role, "/console")
    pending = await PendingLogins(gw.runtime.redis).create(
        consultant_id=account.consultant_id,
        login=account.login,
        alias=account.alias,
        role=account.role,
        stage="code" if enrolled else "enrol",
    )
    target = "/console/second-factor" if enrolled else "/console/enrol"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        PENDING_COOKIE,
        pending.token,
        max_age=PENDING_SECONDS,
        httponly=True,
        samesite="strict",
        secure=await deps.secure_cookies(gw),
        path="/console",
    )
    return response


async def start_session(
    gw: deps.Gateway,
    consultant_id: uuid.UUID,
    alias: str,
    role: str,
    target: str,
    page: Response | None = None,
) -> Response:
    store: SessionStore = console_deps.sessions_for(gw.settings, gw.runtime.redis)
    session = await store.create(consultant_id, alias, role)
    # Deactivation commits, then ends sessions: read again after creating ours, so a
    # deactivation racing this sign-in either shows here or ends this session too.
    async with unit_of_work(gw.runtime.sessions) as database:
        still_active = await is_active(database, consultant_id)
    if not still_active:
        await store.delete(session.session_id)
        return RedirectResponse("/console/login", status_code=303)
    log.info("console.login", consultant_id=str(consultant_id))
    response = page or RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE_NAME,
        session.session_id,
        httponly=True,
        samesite="strict",
        secure=await deps.secure_cookies(gw),
        path="/",
    )
    response.delete_cookie(PENDING_COOKIE, path="/console")
    return response


def code_form(request: Request, status_code: int = 200, error: str | None = None) -> Response:
    page: Response = render(
        request, "second_factor.html", page_lang(request, use_cookie=True), status_code, error=error
    )
    return page


@router.get("/second-factor")
async def second_factor_page(
    request: Request, pending_logins: console_deps.Pending, peerline_pending: PendingCookie = None
) -> Response:
    pending = await pending_logins.get(peerline_pending)
    if pending is None or pending.stage != "code":
        return RedirectResponse("/console/login?expired=1", status_code=303)
    return code_form(request)


@router.post("/second-factor")
async def check_code(
    request: Request,
    code: Annotated[str, Form(max_length=32)],
    gw: deps.TheGateway,
    pending_logins: console_deps.Pending,
    throttle: Throttle,
    addresses: deps.Addresses,
    peerline_pending: PendingCookie = None,
) -> Response:
    pending = await pending_logins.get(peerline_pending)
    if pending is None or pending.stage != "code" or not same_origin(request):
        return RedirectResponse("/console/login?expired=1", status_code=303)
    address = addresses.key(request.client.host if request.client else "unknown")
    if await throttle.locked_for(pending.login, address) > 0:
        return code_form(request, 429, error="locked")
    async with unit_of_work(gw.runtime.sessions) as database:
        factor = await second_factor.get(database, pending.consultant_uuid)
        accepted = factor is not None and await second_factor.verify(gw.runtime.redis, factor, code)
    if not accepted:
        return await wrong_code(request, pending, pending_logins, throttle, address)
    await throttle.succeeded(pending.login, address)
    await pending_logins.delete(pending.token)
    return await start_session(gw, pending.consultant_uuid, pending.alias, pending.role, "/console")


async def wrong_code(
    request: Request,
    pending: PendingLogin,
    pending_logins: PendingLogins,
    throttle: LoginThrottle,
    address: str,
) -> Response:
    """A wrong code counts as a failed login (the same lockout), and spends one of five tries."""
    locked = await throttle.failed(pending.login, address)
    log.info("console.second_factor_failed", consultant_id=pending.consultant_id, lockout_seconds=locked)
    if not await pending_logins.failed(pending) or locked:
        await pending_logins.delete(pending.token)
        return RedirectResponse("/console/login?expired=1", status_code=303)
    return code_form(request, 401, error="wrong")


def qr_svg(uri: str) -> Markup:
    """The otpauth URI as an inline SVG drawn here: no image service learns the secret."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, title="QR")
    return Markup(svg)


@router.get("/enrol")
async def enrol_page(
    request: Request,
    gw: deps.TheGateway,
    pending_logins: console_deps.Pending,
    peerline_pending: PendingCookie = None,
    peerline_console: SessionCookie = None,
) -> Response:
    """After the password (enrolment required) or from a signed-in console (optional)."""
    enrolling = await _who_enrols(gw, pending_logins, peerline_pending, peerline_console)
    if enrolling is None:
        return RedirectResponse("/console/login?expired=1", status_code=303)
    login, secret, csrf = enrolling
    uri = domain.provisioning_uri(secret, login)
    page: Response = render(
        request,
        "enrol.html",
        page_lang(request, use_cookie=True),
        secret=secret,
        uri=uri,
        qr=qr_svg(uri),
        csrf_token=csrf,
        error=request.query_params.get("error"),
    )
    return page


async def _who_enrols(
    gw: deps.Gateway, pending_logins: PendingLogins, pending_token: str | None, session_id: str | None
) -> tuple[str, str, str] | None:
    """(login, the secret being enrolled, CSRF token) for whoever may enrol now."""
    pending = await pending_logins.get(pending_token)
    if pending is not None and pending.stage == "enrol":
        if not pending.enrol_secret:
            pending = await pending_logins.update(pending, enrol_secret=domain.new_secret())
        return pending.login, pending.enrol_secret, ""
    session = await console_deps.sessions_for(gw.settings, gw.runtime.redis).get(session_id)
    if session is None or await console_deps.screen_locks_for(gw.settings, gw.runtime.redis).is_locked(
        session.session_id
    ):
        return None
    key = f"console:enrol:{session.session_id}"
    secret = str(await gw.runtime.redis.get(key) or "") or domain.new_secret()
    await gw.runtime.redis.set(key, secret, ex=PENDING_SECONDS)
    return session.alias, secret, session.csrf_token


@router.post("/enrol")
async def confirm_enrolment(
    request: Request,
    code: Annotated[str, Form(max_length=32)],
    gw: deps.TheGateway,
    pending_logins: console_deps.Pending,
    throttle: Throttle,
    addresses: deps.Addresses,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    peerline_pending: PendingCookie = None,
    peerline_console: SessionCookie = None,
) -> Response:
    """The first code proves the phone has the secret; then the recovery codes, shown once."""
    if not same_origin(request):
        return RedirectResponse("/console/login?expired=1", status_code=303)
    pending = await pending_logins.get(peerline_pending)
    if pending is not None and pending.stage == "enrol" and pending.enrol_secret:
        return await _confirm_pending(request, code, gw, pending, pending_logins, throttle, addresses)
    session = await console_deps.sessions_for(gw.settings, gw.runtime.redis).get(peerline_console)
    if session is None or not hmac.compare_digest(csrf_token, session.csrf_token):
        return RedirectResponse("/console/login?expired=1", status_code=303)
    secret = str(await gw.runtime.redis.get(f"console:enrol:{session.session_id}") or "")
    if not secret or not await second_factor.accept_totp(
        gw.runtime.redis, session.consultant_id, secret, code
    ):
        return RedirectResponse("/console/enrol?error=wrong", status_code=303)
    await gw.runtime.redis.delete(f"console:enrol:{session.session_id}")
    codes = await _store_enrolment(gw, session.consultant_id, secret)
    return recovery_page(request, codes)


async def _confirm_pending(
    request: Request,
    code: str,
    gw: deps.Gateway,
    pending: PendingLogin,
    pending_logins: PendingLogins,
    throttle: LoginThrottle,
    addresses: AddressKeys,
) -> Response:
    address = addresses.key(request.client.host if request.client else "unknown")
    accepted = await second_factor.accept_totp(
        gw.runtime.redis, pending.consultant_uuid, pending.enrol_secret, code
    )
    if not accepted:
        locked = await throttle.failed(pending.login, address)
        if not await pending_logins.failed(pending) or locked:
            return RedirectResponse("/console/login?expired=1", status_code=303)
        return RedirectResponse("/console/enrol?error=wrong", status_code=303)
    await throttle.succeeded(pending.login, address)
    await pending_logins.delete(pending.token)
    codes = await _store_enrolment(gw, pending.consultant_uuid, pending.enrol_secret)
    page = recovery_page(request, codes)
    return await start_session(gw, pending.consultant_uuid, pending.alias, pending.role, "/console", page)


async def _store_enrolment(gw: deps.Gateway, consultant_id: uuid.UUID, secret: str) -> list[str]:
    async with unit_of_work(gw.runtime.sessions) as database:
        codes = await second_factor.enrol(database, consultant_id, secret)
    log.info("console.second_factor_enrolled", consultant_id=str(consultant_id))
    return codes


def recovery_page(request: Request, codes: list[str]) -> Response:
    page: Response = render(request, "recovery_codes.html", page_lang(request, use_cookie=True), codes=codes)
    page.headers["Cache-Control"] = "no-store"
    return page


@router.post("/api/manage/consultants/{consultant_id}/second-factor/reset")
async def reset_second_factor(
    consultant_id: uuid.UUID, session: SupervisorChanger, gw: deps.TheGateway
) -> Response:
    """A lost phone: the consultant enrols again at their next sign-in (audited in the log)."""
    async with unit_of_work(gw.runtime.sessions) as database:
        had_one = await second_factor.reset(database, consultant_id)
    log.warning(
        "console.second_factor_reset",
        by=str(session.consultant_id),
        consultant_id=str(consultant_id),
        had_one=had_one,
    )
    return JSONResponse({"ok": True, "had_second_factor": had_one})
