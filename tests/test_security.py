"""Security regressions, one block per finding: each test failed before its fix (see README, Säkerhet)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from models import AuditEvent, User
from services.access import auth
from services.access.auth import AccountError
from services.core.db import session_scope
from services.importer import import_path
from tests.conftest import CONTRACT

PASSWORD = "ett-tillräckligt-långt-lösenord"
WRONG = "fel-lösenord-igen"
BURST = 20


@pytest.fixture
def org(store):
    """The contract fixture: units BOU and FAM with their teams."""
    assert import_path(store, CONTRACT).ok
    return store


# 1. Lockout: parallel guesses are counted in the database, and the decision is taken there.

def _attempt(store, barrier: threading.Barrier, password: str) -> str:
    barrier.wait()
    try:
        with session_scope(store) as session:
            auth.authenticate(session, "anna", password)
        return "inloggad"
    except AccountError as error:
        return str(error)


def _burst(store, passwords: list[str]) -> list[str]:
    barrier = threading.Barrier(len(passwords))
    with ThreadPoolExecutor(len(passwords)) as pool:
        return list(pool.map(lambda p: _attempt(store, barrier, p), passwords))


def _row(store) -> tuple[int, dt.datetime | None]:
    with session_scope(store) as session:
        return session.execute(select(User.failed_logins, User.locked_until).where(User.username == "anna")).one()


def _wrong_password_events(store) -> int:
    with session_scope(store) as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.username == "anna", AuditEvent.action == "inloggning_nekad", AuditEvent.detail == "fel lösenord"))


def test_twenty_parallel_wrong_passwords_lock_the_account_and_only_five_are_checked(org):
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    results = _burst(org, [WRONG] * BURST)
    assert results.count(auth.WRONG_CREDENTIALS) == auth.MAX_FAILURES
    locked = [r for r in results if r != auth.WRONG_CREDENTIALS]
    assert len(locked) == BURST - auth.MAX_FAILURES
    assert all(r.startswith("Kontot är låst till kl. ") for r in locked), locked
    assert _wrong_password_events(org) == auth.MAX_FAILURES  # the other 15 guesses were never checked
    _, locked_until = _row(org)
    assert locked_until is not None and locked_until > dt.datetime.now() + dt.timedelta(minutes=14)
    # The right password right after the burst is refused too.
    with pytest.raises(AccountError, match="^Kontot är låst till kl. "):
        with session_scope(org) as session:
            auth.authenticate(session, "anna", PASSWORD)


def test_the_right_password_in_a_burst_is_refused_once_the_burst_has_locked_the_account(org, monkeypatch):
    """The right guess is checked while the wrong ones lock the account: its 'not locked' must be decided after."""
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    wrong_done = threading.Semaphore(0)
    all_wrong_done = threading.Event()
    finished = []
    real_verify = auth._verify

    def verify(password_hash, password):
        if password == PASSWORD:
            assert all_wrong_done.wait(timeout=120)  # the right guess's check ends after every wrong one
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "_verify", verify)
    barrier = threading.Barrier(BURST + 1)

    def wrong() -> str:
        result = _attempt(org, barrier, WRONG)
        finished.append(result)
        if len(finished) == BURST:
            all_wrong_done.set()
        wrong_done.release()
        return result

    with ThreadPoolExecutor(BURST + 1) as pool:
        right = pool.submit(_attempt, org, barrier, PASSWORD)
        wrongs = [pool.submit(wrong) for _ in range(BURST)]
        results = [w.result() for w in wrongs]
        right_result = right.result()
    assert right_result.startswith("Kontot är låst till kl. "), right_result
    assert auth.WRONG_CREDENTIALS in results
    _, locked_until = _row(org)
    assert locked_until is not None and locked_until > dt.datetime.now()
    with session_scope(org) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.username == "anna", AuditEvent.action == "inloggning")) == 0


def test_a_locked_account_refuses_the_right_password_and_opens_after_the_lockout(org):
    now = dt.datetime(2026, 11, 23, 9, 0)
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AccountError, match="^Fel användarnamn eller lösenord.$"):
            with session_scope(org) as session:
                auth.authenticate(session, "anna", WRONG, now)
    assert _row(org) == (auth.MAX_FAILURES - 1, None)
    with session_scope(org) as session:  # the fifth try is the right one: accepted, the count starts over
        auth.authenticate(session, "anna", PASSWORD, now)
    assert _row(org) == (0, None)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AccountError, match="^Fel användarnamn eller lösenord.$"):
            with session_scope(org) as session:
                auth.authenticate(session, "anna", WRONG, now)
    assert _row(org) == (0, now + auth.LOCKOUT)
    with pytest.raises(AccountError, match="^Kontot är låst till kl. 09.15 "):
        with session_scope(org) as session:
            auth.authenticate(session, "anna", PASSWORD, now + dt.timedelta(minutes=14))
    with session_scope(org) as session:
        assert auth.authenticate(session, "anna", PASSWORD, now + auth.LOCKOUT).username == "anna"
    assert _row(org) == (0, None)
