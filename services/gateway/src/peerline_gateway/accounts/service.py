"""Accounts: verify a login, create accounts (the demo one in dev mode, others by CLI or the
console), change and reset passwords (policy in passwords.py).

The gateway owns credentials only. Role and active state belong to the directory: the copy
on `Account` is written only from the directory's answers and its `ConsultantAccessChanged`
events (`apply_access`), never decided here."""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.accounts.models import Account
from peerline_gateway.accounts.passwords import password_problem
from peerline_shared.events import utc_now
from peerline_shared.events.vocabulary import ACCOUNT_ROLES

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
    if role not in ACCOUNT_ROLES:
        raise AccountProblem(f"role must be one of {', '.join(ACCOUNT_ROLES)}")
    check_password(password, login=login, alias=alias)
    taken = (await session.execute(select(Account).where(Account.login == login))).scalar_one_or_none()
    if taken is not None or await session.get(Account, consultant_id) is not None:
        raise AccountProblem("that login or consultant id already has an account")
    return await ensure_account(
        session, consultant_id=consultant_id, login=login, password=password, alias=alias, role=role
    )


async def check_new_account(
    session: AsyncSession, *, login: str, password: str, role: str, alias: str = ""
) -> None:
    """Raise `AccountProblem` before anything else is created for an account that cannot be."""
    if role not in ACCOUNT_ROLES:
        raise AccountProblem(f"role must be one of {', '.join(ACCOUNT_ROLES)}")
    check_password(password, login=login, alias=alias)
    if (await session.execute(select(Account).where(Account.login == login))).scalar_one_or_none():
        raise AccountProblem("that login already has an account")


async def deactivate_account(session: AsyncSession, consultant_id: uuid.UUID) -> bool:
    """The login stops working at once; returns whether the consultant had one."""
    account = await session.get(Account, consultant_id)
    if account is None:
        return False
    account.active = False
    return True


def check_password(password: str, *, login: str, alias: str) -> None:
    problem = password_problem(password, login=login, alias=alias)
    if problem is not None:
        raise AccountProblem(problem)


async def change_password(
    session: AsyncSession, consultant_id: uuid.UUID, current: str, new: str
) -> Account:
    """One's own password: the current one first, then the policy."""
    account = await session.get(Account, consultant_id)
    if account is None or not account.active:
        raise AccountProblem("no active account")
    try:
        _hasher.verify(account.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise AccountProblem("the current password is wrong") from None
    if new == current:
        raise AccountProblem("the new password must differ from the current one")
    check_password(new, login=account.login, alias=account.alias)
    account.password_hash = hash_password(new)
    return account


async def reset_password(session: AsyncSession, consultant_id: uuid.UUID, new: str) -> Account:
    """A supervisor sets a new password for someone (who should change it when they sign in)."""
    account = await session.get(Account, consultant_id)
    if account is None:
        raise AccountProblem("this consultant has no console login")
    check_password(new, login=account.login, alias=account.alias)
    account.password_hash = hash_password(new)
    return account


async def apply_access(
    session: AsyncSession, consultant_id: uuid.UUID, *, role: str, active: bool
) -> bool:
    """Copy the directory's answer; True when it changes who may do what (sessions must end)."""
    account = await session.get(Account, consultant_id)
    if account is None or (account.role == role and account.active == active):
        return False
    account.role, account.active = role, active
    return True


async def is_active(session: AsyncSession, consultant_id: uuid.UUID) -> bool:
    account = await session.get(Account, consultant_id)
    return account is not None and account.active
