"""Sign-in and roles through the pages (AppTest): what each person sees and does not see."""

from __future__ import annotations

import datetime as dt

from tests.conftest import TEST_PASSWORD
from tests.helpers import open_app, sign_in, texts


def frames_shown(at) -> list:
    return [d.value for d in at.dataframe]


def test_without_an_account_nothing_but_the_sign_in_is_shown(monkeypatch, sample_store):
    for script in ("app.py", "pages/oversikt.py", "pages/tidsfrister.py", "pages/anvandare.py"):
        at = open_app(monkeypatch, sample_store, user=None, script=script)
        assert "Logga in" in texts(at)
        assert not at.metric and not frames_shown(at) and not at.get("plotly_chart")
        assert [t.label for t in at.text_input] == ["Användarnamn", "Lösenord"]


def test_wrong_password_is_refused_and_the_right_one_opens_the_app(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user=None)
    sign_in(at, "t_chef", "inte-rätt-lösenord")
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord."]
    assert not at.metric
    sign_in(at, "t_chef", TEST_PASSWORD)
    assert [t.value for t in at.title][0] == "Översikt"  # an enhetschef lands on the month's status
    at.switch_page("pages/start.py").run()
    assert [m.label for m in at.metric][:3] == ["Aktualiseringar", "Utredningar", "Insatser"]
    assert "Inloggad: t_chef · Enhetschef" in [t.value for t in at.text]


def test_an_idle_session_is_signed_out(monkeypatch, sample_store):
    monkeypatch.setenv("DATABASE_URL", sample_store)
    at = open_app(monkeypatch, sample_store, script="pages/oversikt.py")
    assert at.metric or at.get("plotly_chart")
    at.session_state["last_seen"] = dt.datetime.now() - dt.timedelta(hours=2)
    at.run()
    assert any("loggats ut" in w.value for w in at.warning)
    assert "Logga in" in texts(at) and not at.get("plotly_chart")


def test_ledning_sees_figures_but_no_lists_with_ids(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user="t_ledning", script="pages/tidsfrister.py")
    assert at.get("plotly_chart")
    assert any("bara för enhetens egna chefer" in i.value for i in at.info)
    assert not any("Person" in getattr(d, "columns", []) for d in frames_shown(at))
    at = open_app(monkeypatch, sample_store, user="t_ledning", script="pages/placeringar.py")
    assert not any("Person" in getattr(d, "columns", []) for d in frames_shown(at))


def test_bitr_enhetschef_chooses_only_her_unit_and_team(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user="t_bitr", script="pages/tidsfrister.py")
    assert at.selectbox(key="filter_unit").options == ["Alla enheter", "Barn- och ungdomsenheten"]
    assert at.selectbox(key="filter_team").options == ["Alla arbetsgrupper", "Utredningsgrupp 1"]
    lists = [d for d in frames_shown(at) if "Arbetsgrupp" in getattr(d, "columns", [])]
    assert lists and all(set(d["Arbetsgrupp"]) <= {"Utredningsgrupp 1"} for d in lists)


def test_presentation_and_ledning_cannot_open_pages_outside_their_role(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, user="t_pres", script="pages/oversikt.py")
    titles = [t.value for t in at.title]
    assert "Översikt" not in titles and "Behöver åtgärdas nu" not in texts(at)
    assert not at.get("plotly_chart") or at.segmented_control(key="presentation_view")  # the presentation, if anything
    at = open_app(monkeypatch, sample_store, user="t_ledning", script="pages/anvandare.py")
    assert "Användare och logg" not in [t.value for t in at.title]
    assert not any("Användare" in getattr(d, "columns", []) for d in frames_shown(at))


def test_admin_sees_accounts_and_the_audit_log(monkeypatch, sample_store):
    sign = open_app(monkeypatch, sample_store, user=None)
    sign_in(sign, "t_chef_fam", TEST_PASSWORD)
    at = open_app(monkeypatch, sample_store, user="t_admin", script="pages/anvandare.py")
    accounts, log = frames_shown(at)[:2]
    assert {"t_admin", "t_chef", "t_bitr", "t_ledning", "t_pres"} <= set(accounts["Användare"])
    assert "Biträdande enhetschef" in set(accounts["Roll"])
    signed = log[(log["Användare"] == "t_chef_fam") & (log["Händelse"] == "Inloggning")]
    assert len(signed) >= 1


def test_production_mode_refuses_to_start_without_a_configured_sign_in(monkeypatch, sample_store):
    monkeypatch.setenv("ENHETSKOLLEN_ENV", "production")
    at = open_app(monkeypatch, sample_store, user=None)
    assert [e.value for e in at.error][0].startswith("Enhetskollen startar inte i produktionsläge utan inloggning")
    assert not at.text_input and not at.metric  # not even the local sign-in form
