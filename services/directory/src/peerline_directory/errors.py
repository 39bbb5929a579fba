"""Errors as types: the admin API renders them in one handler, the CLI prints them."""

from __future__ import annotations

from typing import Any


class DirectoryError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DirectoryError):
    status_code = 404
    code = "not_found"


class Conflict(DirectoryError):
    status_code = 409
    code = "conflict"


class InvalidInput(DirectoryError):
    status_code = 422
    code = "invalid"
