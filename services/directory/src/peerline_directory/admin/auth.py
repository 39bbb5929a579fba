"""Admin token check. Until the console's roles land, one token from settings guards /admin."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from peerline_directory.settings import DirectorySettings
from peerline_shared.runtime import Runtime

bearer = HTTPBearer(auto_error=False, description="PEERLINE_DIRECTORY_ADMIN_TOKEN")


def token_matches(given: str, expected: str) -> bool:
    # Constant time, so response timing does not reveal how much of a guess was right.
    return hmac.compare_digest(given.encode(), expected.encode())


def admin_guard(settings: DirectorySettings) -> Callable[..., Coroutine[Any, Any, None]]:
    expected = settings.admin_token.get_secret_value()

    async def require_admin(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if credentials is None or not token_matches(credentials.credentials, expected):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "admin token required",
                                headers={"WWW-Authenticate": "Bearer"})

    return require_admin


def app_runtime(request: Request) -> Runtime:
    """The service's runtime, as `create_service_app` keeps it on the app."""
    runtime: Runtime = request.app.state.runtime
    return runtime


AppRuntime = Annotated[Runtime, Depends(app_runtime)]
