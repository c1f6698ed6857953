"""Server-side sign-in sessions (services/access/sessions.py) and her own account page.

The token is only in her cookie; the store has its hash. A session ends at the idle timeout, at
sign-out, when the password changes, when the role changes, and with the account.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from models import AuditEvent, User, UserSession
from services.access import auth, sessions, settings
from services.access.auth import AccountError
from services.access.permissions import operator
from services.core.db import session_scope
from services.importer import import_path
from tests.conftest import CONTRACT, TEST_PASSWORD
from tests.helpers import open_app, sign_in, summary_sentence, texts

PASSWORD = "ett-tillräckligt-långt-lösenord"
NEW_PASSWORD = "ett-annat-långt-lösenord"
T0 = dt.datetime(2026, 12, 2, 9, 0)
ADMIN = operator("admin")


@pytest.fixture
def org(store):
    assert import_path(store, CONTRACT).ok
    with session_scope(store) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD, display_name="Anna Berg")
    return store


def _open(eng, name="anna", now=T0) -> str:
    with session_scope(eng) as session:
        return sessions.open_session(session, name, now)


def _resume(eng, token, now) -> str | None:
    with session_scope(eng) as session:
        return sessions.resume(session, token, now)


def test_the_store_keeps_only_the_hash_of_the_token(org):
    token = _open(org)
    with session_scope(org) as session:
        rows = session.execute(select(UserSession.token_hash, UserSession.role_code, UserSession.created_at)).all()
    assert rows == [(hashlib.sha256(token.encode()).hexdigest(), "enhetschef", T0)]
    assert len(token) >= 43  # 32 random bytes
    assert token not in rows[0][0]
    assert _resume(org, token, T0 + dt.timedelta(minutes=1)) == "anna"
    assert _resume(org, "gissat-" + token[7:], T0) is None
    assert _resume(org, None, T0) is None


def test_a_session_ends_after_the_idle_timeout_and_each_visit_moves_it_on(org):
    token = _open(org)
    assert _resume(org, token, T0 + dt.timedelta(minutes=29)) == "anna"  # default timeout: 30 minutes
    assert _resume(org, token, T0 + dt.timedelta(minutes=58)) == "anna"  # 29 minutes after the last visit
    assert _resume(org, token, T0 + dt.timedelta(minutes=88, seconds=1)) is None  # 30 min 1 s idle
    assert _resume(org, token, T0 + dt.timedelta(minutes=89)) is None  # revoked, not revived
    with session_scope(org) as session:
        assert session.scalar(select(UserSession.revoked_why)) == "tidsgräns"


def test_a_shorter_timeout_counts_for_sessions_already_open(org):
    token = _open(org)
    with session_scope(org) as session:
        settings.put(session, "session_timeout_minutes", 5, ADMIN)
    assert _resume(org, token, T0 + dt.timedelta(minutes=4)) == "anna"
    assert _resume(org, token, T0 + dt.timedelta(minutes=10)) is None


def test_sign_out_revokes_only_that_browser(org):
    desk, phone = _open(org), _open(org)
    with session_scope(org) as session:
        sessions.revoke(session, desk, now=T0)
    assert _resume(org, desk, T0) is None
    assert _resume(org, phone, T0) == "anna"


def test_her_password_change_revokes_every_session(org):
    desk, laptop = _open(org, now=dt.datetime.now()), _open(org, now=dt.datetime.now())
    with session_scope(org) as session:
        anna = auth.signed_in(session, "anna")
        auth.change_own_password(session, anna, PASSWORD, NEW_PASSWORD)
    now = dt.datetime.now()
    assert (_resume(org, desk, now), _resume(org, laptop, now)) == (None, None)
    with session_scope(org) as session:
        assert auth.authenticate(session, "anna", NEW_PASSWORD).username == "anna"
        assert session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "konto").order_by(AuditEvent.id)).all()[-1] == \
            "eget lösenord bytt"


def test_an_admins_new_password_and_a_role_change_revoke_her_sessions(org):
    token = _open(org, now=dt.datetime.now())
    with session_scope(org) as session:
        auth.set_password(session, "anna", None, ADMIN)
    assert _resume(org, token, dt.datetime.now()) is None
    token = _open(org, now=dt.datetime.now())
    with session_scope(org) as session:
        auth.update_user(session, "anna", "ledning", [], True, ADMIN)
    assert _resume(org, token, dt.datetime.now()) is None


def test_a_session_is_bound_to_the_role_it_was_opened_for(org):
    token = _open(org)
    with session_scope(org) as session:  # changed behind the app's back, e.g. straight in the database
        session.scalar(select(User).where(User.username == "anna")).role_code = "ledning"
    assert _resume(org, token, T0) is None


def test_an_inactive_account_opens_no_session(org):
    token = _open(org)
    with session_scope(org) as session:
        session.scalar(select(User).where(User.username == "anna")).active = False
    assert _resume(org, token, T0) is None


def test_a_stolen_cookie_of_a_deleted_account_signs_in_nobody(org):
    token = _open(org, now=dt.datetime.now())
    with session_scope(org) as session:
        auth.delete_user(session, "anna", ADMIN)
    with session_scope(org) as session:  # a new account with the same name and role
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
        assert session.scalar(select(UserSession.id)) is None  # the old rows went with the account
    assert _resume(org, token, dt.datetime.now()) is None


def test_her_own_password_change_asks_for_the_old_one_and_the_same_rules(org):
    with session_scope(org) as session:
        anna = auth.signed_in(session, "anna")
    cases = [("fel-nuvarande-lösenord", NEW_PASSWORD, "^Det nuvarande lösenordet stämmer inte.$"),
             (PASSWORD, "kort", "^Lösenordet måste ha minst 12 tecken.$"),
             (PASSWORD, PASSWORD, "^Det nya lösenordet måste skilja sig från det gamla.$")]
    for old, new, message in cases:
        with pytest.raises(AccountError, match=message):
            with session_scope(org) as session:
                auth.change_own_password(session, anna, old, new)
    with session_scope(org) as session:
        assert auth.authenticate(session, "anna", PASSWORD).username == "anna"  # unchanged


def test_wrong_old_passwords_count_towards_the_lockout(org):
    with session_scope(org) as session:
        anna = auth.signed_in(session, "anna")
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AccountError):
            with session_scope(org) as session:
                auth.change_own_password(session, anna, "fel-nuvarande-lösenord", NEW_PASSWORD)
    with pytest.raises(AccountError, match="^Kontot är låst"):
        with session_scope(org) as session:
            auth.authenticate(session, "anna", PASSWORD)


def test_her_account_shows_role_scope_by_name_and_open_sessions(org):
    _open(org, now=dt.datetime.now())
    _open(org, now=dt.datetime.now())
    with session_scope(org) as session:
        account = auth.own_account(session, "anna")
    assert account == {"username": "anna", "display_name": "Anna Berg", "role": "enhetschef",
                       "role_label": "Enhetschef", "scopes": ["Barn- och ungdomsenheten"], "sso_only": False,
                       "open_sessions": 2}


# The app: the sign-in form opens a session; a new browser session with the cookie resumes it.

def test_signing_in_opens_a_session_that_a_new_browser_session_resumes(monkeypatch, sample_store):
    at = sign_in(open_app(monkeypatch, sample_store, user=None), "t_chef", TEST_PASSWORD)
    token = at.session_state["session_token"]
    assert [t.value for t in at.title][0] == "Översikt"
    assert at.markdown[0].value == "### " + summary_sentence(sample_store, "t_chef", dict(at.query_params))
    monkeypatch.setattr("ui.shell.auth.browser_cookie", lambda: token)  # the reload sends the cookie
    again = open_app(monkeypatch, sample_store, user=None)
    assert "Översikt" in [t.value for t in again.title]
    assert "Logga in" not in [s.value for s in again.subheader]
    assert again.session_state["user_name"] == "t_chef"


def test_a_revoked_cookie_shows_the_sign_in(monkeypatch, sample_store):
    at = sign_in(open_app(monkeypatch, sample_store, user=None), "t_chef", TEST_PASSWORD)
    token = at.session_state["session_token"]
    at.button(key="sign_out").click().run()
    assert [s.value for s in at.subheader] == ["Logga in"]
    monkeypatch.setattr("ui.shell.auth.browser_cookie", lambda: token)
    again = open_app(monkeypatch, sample_store, user=None)
    assert [s.value for s in again.subheader] == ["Logga in"]


def test_sign_out_everywhere_on_her_account_page_ends_the_other_browser(monkeypatch, sample_store):
    other = sign_in(open_app(monkeypatch, sample_store, user=None), "t_bitr", TEST_PASSWORD)
    at = sign_in(open_app(monkeypatch, sample_store, user=None), "t_bitr", TEST_PASSWORD)
    at.switch_page("pages/konto.py").run()
    assert "Användarnamn:** t_bitr" in texts(at) and "**Roll:** Biträdande enhetschef" in texts(at)
    assert "Du är inloggad i 2 webbläsare just nu." in texts(at)
    at.button(key="sign_out_everywhere").click().run()
    assert [s.value for s in at.subheader] == ["Logga in"]
    other.run()
    assert [s.value for s in other.subheader] == ["Logga in"]
    assert "Du är utloggad (utloggning på en annan plats eller nytt lösenord). Logga in igen." in \
        [w.value for w in other.warning]


def test_the_admin_deletes_an_account_and_its_sessions_end(monkeypatch, sample_store):
    from services.core.db import get_engine

    eng = get_engine(sample_store)
    with session_scope(eng) as session:
        auth.create_user(session, "t_borta", "enhetschef", ["BOU"], PASSWORD)
    token = _open(eng, "t_borta", now=dt.datetime.now())
    at = open_app(monkeypatch, sample_store, user="t_admin", script="pages/anvandare.py")
    at.selectbox(key="edit_user").set_value("t_borta").run()
    at.button(key="delete_account").click().run()
    assert [s.value for s in at.success] == ["t\\_borta är borttaget."]  # markdown-escaped: shows as t_borta
    assert _resume(eng, token, dt.datetime.now()) is None
    with session_scope(eng) as session:
        assert session.scalar(select(User.id).where(User.username == "t_borta")) is None
        assert session.scalars(select(AuditEvent.detail).where(AuditEvent.target == "t_borta").order_by(AuditEvent.id)).all()[-1] == "borttaget"
