"""Accounts and sign-in: hashing, lockout, first admin, and what each role opens (services)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models import AuditEvent, User
from services.access import auth
from services.access.auth import AccountError
from services.access.permissions import operator
from services.core import store_info
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.flow import early_warnings, inflow
from services.importer import import_path
from services.kpis import overview
from services.placements import placements
from services.staffing import workload
from tests.conftest import CONTRACT, SAMPLE_TODAY

PASSWORD = "ett-tillräckligt-långt-lösenord"


@pytest.fixture
def org(store):
    """The contract fixture: units and teams to give accounts scopes in."""
    assert import_path(store, CONTRACT).ok
    return store


def test_password_is_stored_as_an_argon2_hash_and_checked(org):
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    with session_scope(org) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "anna"))
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        user = auth.authenticate(session, "Anna", PASSWORD)
    assert (user.username, user.role) == ("anna", "enhetschef")


def test_wrong_password_and_unknown_user_get_the_same_message(org):
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    for name, password in (("anna", "fel-lösenord-igen"), ("okänd", PASSWORD)):
        with pytest.raises(AccountError, match="^Fel användarnamn eller lösenord.$"):
            with session_scope(org) as session:
                auth.authenticate(session, name, password)


def test_five_failures_lock_the_account_for_fifteen_minutes(org):
    now = dt.datetime(2026, 11, 23, 9, 0)
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AccountError):
            with session_scope(org) as session:
                auth.authenticate(session, "anna", "fel-lösenord-igen", now)
    # Even the right password is refused while locked ...
    with pytest.raises(AccountError, match="låst till kl. 09.15"):
        with session_scope(org) as session:
            auth.authenticate(session, "anna", PASSWORD, now + dt.timedelta(minutes=5))
    # ... and accepted once the lock has run out.
    with session_scope(org) as session:
        assert auth.authenticate(session, "anna", PASSWORD, now + dt.timedelta(minutes=16)).username == "anna"


def test_sign_ins_and_failures_are_in_the_audit_log(org):
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
        auth.authenticate(session, "anna", PASSWORD)
    with pytest.raises(AccountError):
        with session_scope(org) as session:
            auth.authenticate(session, "anna", "fel-lösenord-igen")
    with session_scope(org) as session:
        actions = session.execute(select(AuditEvent.action, AuditEvent.username).order_by(AuditEvent.id)).all()
    assert [tuple(a) for a in actions] == [
        ("import", "okänd"), ("konto", "system"), ("inloggning", "anna"), ("inloggning_nekad", "anna")]


def test_short_passwords_unknown_roles_and_scopes_are_refused(org):
    with session_scope(org) as session:
        with pytest.raises(AccountError, match="minst 12 tecken"):
            auth.create_user(session, "bo", "ledning", [], "kort")
        with pytest.raises(AccountError, match="Okänd roll 'chef'"):
            auth.create_user(session, "bo", "chef", [], PASSWORD)
        with pytest.raises(AccountError, match="Okänd enhet för rollen Enhetschef: XYZ"):
            auth.create_user(session, "bo", "enhetschef", ["XYZ"], PASSWORD)
        with pytest.raises(AccountError, match="Biträdande enhetschef behöver minst en arbetsgrupp"):
            auth.create_user(session, "bo", "bitr_enhetschef", [], PASSWORD)


def test_first_admin_is_created_once_with_a_generated_password(org):
    with session_scope(org) as session:
        password = auth.ensure_first_admin(session)
    assert password and len(password) >= 12
    with session_scope(org) as session:
        assert auth.ensure_first_admin(session) is None
        assert auth.authenticate(session, "admin", password).role == "admin"
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_a_deactivated_account_is_signed_out_at_once(org):
    with session_scope(org) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
    with session_scope(org) as session:
        auth.update_user(session, "anna", "enhetschef", ["BOU"], False, operator("admin"))
    with session_scope(org) as session:
        assert auth.signed_in(session, "anna") is None


# What each role sees, through the services, on the sample municipality.

def _as(sample_store, username: str) -> Filters:
    from services.core.db import get_engine

    with session_scope(get_engine(sample_store)) as session:
        user = auth.signed_in(session, username)
    return Filters(period(2026, "T2"), None, None, user.access)


def _run(sample_store, function, *args):
    from services.core.db import get_engine

    with session_scope(get_engine(sample_store)) as session:
        return function(session, *args)


def test_enhetschef_sees_only_her_units_with_full_detail(sample_store):
    everything = _run(sample_store, inflow.inflow, Filters(period(2026, "T2")))
    fam_only = _as(sample_store, "t_chef_fam")
    fam = _run(sample_store, inflow.inflow, Filters(period(2026, "T2"), "FAM"))
    assert _run(sample_store, inflow.inflow, fam_only).value == fam.value < everything.value
    # Choosing another unit gives nothing rather than that unit's figures.
    other = Filters(period(2026, "T2"), "BOU", None, fam_only.access)
    assert _run(sample_store, inflow.inflow, other).numerator == 0
    assert [code for code, _ in _run(sample_store, store_info.units, fam_only.access)] == ["FAM"]
    chef = _as(sample_store, "t_chef")
    as_of = SAMPLE_TODAY.replace(day=1) - dt.timedelta(days=1)
    assert not _run(sample_store, early_warnings.open_intakes, chef, as_of).empty
    assert _run(sample_store, workload.round_detail, chef, _run(sample_store, workload.rounds, chef)[-1])["name"].notna().all()


def test_bitr_enhetschef_sees_her_unit_aggregated_and_only_her_team_in_detail(sample_store):
    bitr = _as(sample_store, "t_bitr")
    bou = _run(sample_store, inflow.inflow, Filters(period(2026, "T2"), "BOU"))
    assert _run(sample_store, inflow.inflow, bitr).value == bou.value
    assert _run(sample_store, inflow.inflow, Filters(period(2026, "T2"), "FAM", None, bitr.access)).numerator == 0
    as_of = SAMPLE_TODAY.replace(day=1) - dt.timedelta(days=1)
    near = _run(sample_store, early_warnings.investigations_near_limit, bitr, as_of)
    all_near = _run(sample_store, early_warnings.investigations_near_limit, Filters(period(2026, "T2"), "BOU"), as_of)
    assert len(near) < len(all_near)
    assert set(near["team"]) <= {"Utredningsgrupp 1"}
    assert [code for code, _ in _run(sample_store, store_info.teams, "BOU", bitr.access)] == ["UTR1"]


@pytest.mark.parametrize("username", ["t_ledning", "t_admin", "t_pres"])
def test_ledning_admin_and_presentation_get_aggregates_but_no_ids_or_names(sample_store, username):
    seen = _as(sample_store, username)
    assert seen.access.aggregates_only
    assert _run(sample_store, inflow.inflow, seen).value > 0
    as_of = SAMPLE_TODAY.replace(day=1) - dt.timedelta(days=1)
    assert _run(sample_store, early_warnings.open_intakes, seen, as_of).empty
    assert _run(sample_store, placements.ongoing_list, seen).empty
    rounds = _run(sample_store, workload.rounds, seen)
    assert rounds and _run(sample_store, workload.round_detail, seen, rounds[-1]).empty
    assert _run(sample_store, workload.staff_to_measure, seen, as_of).empty


@pytest.mark.parametrize("username", ["t_ledning", "t_bitr"])
def test_the_action_counts_cover_the_whole_scope_even_without_access_to_the_cases(sample_store, username):
    """Översikt's three action counts are aggregates: the same for ledning as for a manager with every case."""
    seen = _as(sample_store, username)
    full = Filters(seen.period, "BOU" if username == "t_bitr" else None)
    counts = [item.count for item in _run(sample_store, overview.action_items, seen)]
    assert counts == [item.count for item in _run(sample_store, overview.action_items, full)]
    assert sum(counts) > 0
