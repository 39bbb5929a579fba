"""Accounts: verify a login, create accounts (the demo one in dev mode, others by CLI)."""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.accounts.models import Account
from peerline_shared.events import utc_now
from peerline_shared.events.vocabulary import ROLES

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against a dummy hash keeps a wrong login as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountProblem(ValueError):
    """An account cannot be created as asked (taken login, unknown role, weak password)."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


async def authenticate(session: AsyncSession, login: str, password: str) -> Account | None:
    account = (await session.execute(select(Account).where(Account.login == login))).scalar_one_or_none()
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return account if account is not None and account.active else None


async def ensure_account(
    session: AsyncSession, *, consultant_id: uuid.UUID, login: str, password: str, alias: str, role: str
) -> Account:
    account = await session.get(Account, consultant_id)
    if account is None:
        account = Account(
            consultant_id=consultant_id,
            login=login,
            password_hash=hash_password(password),
            alias=alias,
            role=role,
            active=True,
            created_at=utc_now(),
        )
        session.add(account)
    return account


async def create_account(
    session: AsyncSession, *, consultant_id: uuid.UUID, login: str, password: str, alias: str, role: str
) -> Account:
    """A new console account; `consultant_id` should be the consultant's id in the directory."""
    if role not in ROLES:
        raise AccountProblem(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise AccountProblem("the password needs at least 10 characters")
    taken = (await session.execute(select(Account).where(Account.login == login))).scalar_one_or_none()
    if taken is not None or await session.get(Account, consultant_id) is not None:
        raise AccountProblem("that login or consultant id already has an account")
    return await ensure_account(
        session, consultant_id=consultant_id, login=login, password=password, alias=alias, role=role
    )


async def check_new_account(session: AsyncSession, *, login: str, password: str, role: str) -> None:
    """Raise `AccountProblem` before anything else is created for an account that cannot be."""
    if role not in ROLES:
        raise AccountProblem(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise AccountProblem("the password needs at least 10 characters")
    if (await session.execute(select(Account).where(Account.login == login))).scalar_one_or_none():
        raise AccountProblem("that login already has an account")


async def deactivate_account(session: AsyncSession, consultant_id: uuid.UUID) -> bool:
    """The login stops working at once; returns whether the consultant had one."""
    account = await session.get(Account, consultant_id)
    if account is None:
        return False
    account.active = False
    return True
