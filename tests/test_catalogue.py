"""The KPI catalogue is the one place a KPI is declared: held to the domain's list, complete, and enough.

Enough means: a KPI added as one function and one catalogue entry appears in `cli.py kpi --json`
and on Översikt with no other edit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import cli
from services.core.kpi import Measured, Part
from services.kpis import catalogue

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT.parent / "shared" / "spec" / "DOMAIN.md"
ROW = re.compile(r"^\| `(?P<code>[A-Z0-9_]+)` \| (?P<name>[^|]+?) \| .* \| (?P<better>higher|lower|—) \|$")


def domain_kpis() -> list[tuple[str, str, str | None]]:
    if not DOMAIN.exists():
        pytest.skip("../shared/spec/DOMAIN.md finns inte bredvid projektet")
    rows = [ROW.match(line) for line in DOMAIN.read_text(encoding="utf-8").splitlines()]
    return [(m["code"], m["name"], None if m["better"] == "—" else m["better"]) for m in rows if m]


def test_the_catalogue_is_the_domains_kpi_list_in_its_order():
    expected = domain_kpis()
    assert len(expected) == 16
    assert [(k.code, k.name, k.better) for k in catalogue.kpis()] == expected


def test_every_kpi_has_a_kind_an_area_a_direction_and_a_series_or_the_declared_fallback():
    for kpi in catalogue.kpis():
        assert kpi.kind in catalogue.KINDS, kpi.code
        assert kpi.area in catalogue.AREAS, kpi.code
        assert kpi.better in ("higher", "lower", None), kpi.code
        assert callable(kpi.compute), kpi.code
        assert callable(kpi.series) or kpi.series == catalogue.PER_MONTH, kpi.code
        assert kpi.decimals in (0, 1), kpi.code
        if kpi.basis is not None:
            assert set(re.findall(r"\{(\w)", kpi.basis.template)) <= {"n", "d"}, kpi.code
            assert kpi.basis.needs in ("numerator", "denominator"), kpi.code
    assert len({k.code for k in catalogue.kpis()}) == len(catalogue.kpis())
    # Only FORECAST_DEV is computed month by month (a handful of budget rows per month).
    assert [k.code for k in catalogue.kpis() if k.series == catalogue.PER_MONTH] == ["FORECAST_DEV"]


def _open_cases(session, filters) -> Measured:
    """The fixture's new KPI: a plain count, so the test only needs the store's intakes."""
    from services.flow import inflow

    counted = inflow.inflow(session, filters)
    return Measured(Part(counted.value, counted.numerator, None), {})


NEW_KPI = catalogue.Kpi("TEST_NEW", "Testnyckeltal för katalogen", "lower", catalogue.COUNT, "flow",
                        _open_cases, catalogue.PER_MONTH, catalogue.Basis("{n} aktualiseringar", needs="numerator"))


@pytest.fixture
def one_more_kpi(monkeypatch):
    monkeypatch.setattr(catalogue, "CATALOGUE", [*catalogue.CATALOGUE, NEW_KPI])
    st.cache_data.clear()  # earlier tests may have cached Översikt for the same filters
    yield NEW_KPI
    st.cache_data.clear()


def test_a_kpi_added_as_one_entry_is_in_cli_kpi_json(one_more_kpi, sample_store, capsys):
    assert cli.main(["kpi", "--year", "2026", "--period", "2026-03", "--unit", "BOU", "--json",
                     "--database-url", sample_store]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload["kpis"])[-1] == "TEST_NEW"
    assert payload["kpis"]["TEST_NEW"]["value"] == payload["kpis"]["INFLOW"]["value"]
    assert payload["kpis"]["TEST_NEW"]["status"] == "saknar_mal"


def test_a_kpi_added_as_one_entry_is_a_card_on_oversikt(one_more_kpi, sample_store, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sample_store)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["user_name"] = "t_chef"
    at.session_state["last_seen"] = dt.datetime.now()
    at.switch_page("pages/oversikt.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    cards = [m.value for m in at.markdown]
    assert "**Testnyckeltal för katalogen**" in cards
