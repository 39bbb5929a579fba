"""Errors as types: a route raises one, one handler renders it (JSON for the API, a redirect
to the login page for pages)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response


class ConsoleError(Exception):
    status_code = 400
    code = "error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail

    def body(self) -> dict[str, Any]:
        return {"ok": False, "error": self.code, "detail": self.detail}


class NotLoggedIn(ConsoleError):
    status_code, code = 401, "not_logged_in"


class CsrfRejected(ConsoleError):
    status_code, code = 403, "csrf"


class Forbidden(ConsoleError):
    status_code, code = 403, "forbidden"


class ActorRejected(ConsoleError):
    """The service refused to act: it could not verify who is acting (a key mismatch between
    the gateway and the service, or clocks far apart): the operator must look, not the user."""

    status_code, code = 403, "actor_not_verified"


class NotUnderstood(ConsoleError):
    """The service could not read the request: a newer message version than it knows (this
    gateway was upgraded before it, docs/content.md). Nothing was done; the operator upgrades it."""

    status_code, code = 502, "not_understood"


class ScreenLocked(ConsoleError):
    """The console is locked: nothing is shown until the password is typed again."""

    status_code, code = 423, "locked"


class NotFound(ConsoleError):
    status_code, code = 404, "not_found"


class ServiceUnavailable(ConsoleError):
    """Another service did not answer in time: the page says so and the shift goes on."""

    status_code, code = 503, "unavailable"

    def __init__(self, what: str, service: str) -> None:
        super().__init__(f"{what}: no answer from {service}")
        self.what, self.service = what, service

    def body(self) -> dict[str, Any]:
        return super().body() | {"what": self.what, "service": self.service}


async def console_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConsoleError)
    if isinstance(exc, NotLoggedIn) and not request.url.path.startswith("/console/api"):
        return RedirectResponse("/console/login?expired=1", status_code=303)
    if isinstance(exc, ScreenLocked) and not request.url.path.startswith("/console/api"):
        return RedirectResponse("/console/locked", status_code=303)
    return JSONResponse(exc.body(), status_code=exc.status_code)


def install_error_handlers(app: Any) -> None:
    app.add_exception_handler(ConsoleError, console_error)
