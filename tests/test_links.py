"""Links that carry the view: the address holds unit, team, year and period, and a link to what one may
not see gets a Swedish notice instead of being dropped silently."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT, TIMEOUT


def open_link(monkeypatch, url: str, user: str, **params: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["user_name"] = user
    at.session_state["last_seen"] = dt.datetime.now()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/oversikt.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_link_opens_the_view_it_names_and_the_address_follows_the_choices(monkeypatch, sample_store):
    at = open_link(monkeypatch, sample_store, "t_chef", enhet="BOU", grupp="UTR1", ar="2026", period="T2")
    assert at.selectbox(key="filter_unit").value == "Barn- och ungdomsenheten"
    assert at.selectbox(key="filter_team").value == "Utredningsgrupp 1"
    assert (at.selectbox(key="filter_year").value, at.radio(key="filter_kind").value) == (2026, "T2")
    assert not at.warning
    assert {k: at.query_params[k][0] if isinstance(at.query_params[k], list) else at.query_params[k]
            for k in at.query_params} == {"enhet": "BOU", "grupp": "UTR1", "ar": "2026", "period": "T2"}
    at.radio(key="filter_kind").set_value("helår").run()
    assert dict(at.query_params).get("period") in ("helår", ["helår"])


def test_a_link_to_another_units_view_gives_a_notice_for_a_chef_of_one_unit(monkeypatch, sample_store):
    at = open_link(monkeypatch, sample_store, "t_chef_fam", enhet="BOU", ar="2026", period="T2")
    assert [w.value for w in at.warning] == [
        "Länken gäller enheten ”BOU”, som inte finns eller som du inte har behörighet till. Här visas i stället det du får se."]
    assert at.selectbox(key="filter_unit").value != "Barn- och ungdomsenheten"
    assert "Barn- och ungdomsenheten" not in at.selectbox(key="filter_unit").options


def test_each_role_lands_where_its_work_is(monkeypatch, sample_store):
    from tests.helpers import open_app

    chef = open_app(monkeypatch, sample_store, user="t_chef")
    assert [t.value for t in chef.title][0] == "Översikt"
    assert chef.markdown[0].value.startswith("### ") or any(" nyckeltal uppfyllda · " in m.value for m in chef.markdown)
    admin = open_app(monkeypatch, sample_store, user="t_admin")
    assert [t.value for t in admin.title][0] == "Enhetskollen"
    ledning = open_app(monkeypatch, sample_store, user="t_ledning")
    assert ledning.segmented_control(key="presentation_view").value == "Ledningsgrupp"
