"""Who is asking: the session cookie, the CSRF token on every state change, and roles.

(No postponed annotations: FastAPI must resolve the dependencies made in `role()`.)"""


import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Cookie, Depends, Header, Request

from peerline_gateway.console.domain import Role, has_role
from peerline_gateway.console.errors import CsrfRejected, Forbidden, NotLoggedIn
from peerline_gateway.console.sessions import ConsoleSession, SessionStore
from peerline_shared.runtime import Runtime

CSRF_FORM_FIELD = "csrf_token"


def same_origin(request: Request) -> bool:
    """A forged cross-site request fails this. Browsers say where a request comes from in
    Sec-Fetch-Site; with `Referrer-Policy: no-referrer` their Origin on a form post is "null"."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True  # not a browser that says (tools, tests); the CSRF token still applies
    return urlsplit(origin).netloc == request.headers.get("host", "")


class ConsoleAuth:
    def __init__(self, runtime: Runtime, idle_seconds: int, absolute_seconds: int) -> None:
        self.runtime = runtime
        self.idle_seconds = idle_seconds
        self.absolute_seconds = absolute_seconds

    def sessions(self) -> SessionStore:
        return SessionStore(self.runtime.redis, self.idle_seconds, self.absolute_seconds)

    async def current(self, peerline_console: Annotated[str | None, Cookie()] = None) -> ConsoleSession:
        session = await self.sessions().get(peerline_console)
        if session is None:
            raise NotLoggedIn()
        return session

    async def checked(
        self,
        request: Request,
        peerline_console: Annotated[str | None, Cookie()] = None,
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> ConsoleSession:
        """A state change: logged in, the session's CSRF token (header or form field), same origin."""
        session = await self.current(peerline_console)
        token = x_csrf_token
        if token is None and request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            token = str((await request.form()).get(CSRF_FORM_FIELD) or "")
        if not token or not hmac.compare_digest(token, session.csrf_token) or not same_origin(request):
            raise CsrfRejected("missing or wrong CSRF token")
        return session

    def role(self, needed: Role, *, change: bool = False) -> Callable[..., Awaitable[ConsoleSession]]:
        base = self.checked if change else self.current

        async def with_role(session: Annotated[ConsoleSession, Depends(base)]) -> ConsoleSession:
            if not has_role(session.role, needed):
                raise Forbidden(f"needs the {needed} role")
            return session

        return with_role
