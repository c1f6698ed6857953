"""The pages through Streamlit's AppTest, on the sample municipality: what a user sees."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest

from services.core.db import get_engine, session_scope
from services.core.periods import Period
from services.core.scope import Access, Filters
from services.staffing import workload
from tests.helpers import ROOT, choose, open_app, sign_in, sparklines, texts


def test_start_page_shows_the_store_and_the_sample_notice(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, script="pages/start.py")
    shown = texts(at)
    assert "Exempeldata" in shown
    assert "Barn- och ungdomsenheten" in at.dataframe[0].value["Enhet"].tolist()
    assert "Aktualiseringar från" in shown and "2023-01-" in shown
    assert [m.label for m in at.metric][:3] == ["Aktualiseringar", "Utredningar", "Insatser"]


def cli_kpis(url: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "cli.py", "kpi", *args, "--json", "--database-url", url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["kpis"]


@pytest.mark.slow
def test_oversikt_cards_match_the_command_line(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/oversikt.py").run()
    choose(at, 2026, "T2", unit="Barn- och ungdomsenheten")
    assert not at.exception
    shown = texts(at)
    assert "Behöver åtgärdas nu" in shown
    kpis = cli_kpis(sample_store, "--year", "2026", "--period", "T2", "--unit", "BOU")
    assess = kpis["ASSESS_14D"]
    expected = f"{assess['numerator']:,} av {assess['denominator']:,}".replace(",", "\u00a0")
    assert expected in shown, expected
    inflow_value = f"{kpis['INFLOW']['value']:,}".replace(",", "\u00a0")
    assert inflow_value in shown
    assert len(sparklines(at)) >= 9  # a sparkline per KPI with a trend (inline SVG, no chart to build)


@pytest.mark.slow
def test_inflode_page_renders_with_numbers_and_switches_dimension(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/inflode.py").run()
    choose(at, 2025, "helår")
    kpis = cli_kpis(sample_store, "--year", "2025")
    metric = next(m for m in at.metric if m.label == "Aktualiseringar i perioden")
    assert metric.value == f"{kpis['INFLOW']['value']:,}".replace(",", "\u00a0")
    table = next(d.value for d in at.dataframe if "Summa" in d.value.columns)  # the page's table, not a chart's
    assert int(table["Summa"].sum()) == kpis["INFLOW"]["value"]
    at.get("button_group")[0].set_value("age_band").run()
    assert not at.exception
    assert any("Ålder" in d.value.columns for d in at.dataframe)


@pytest.mark.slow
def test_tidsfrister_page_shows_compliance_and_warning_lists(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/tidsfrister.py").run()
    choose(at, 2026, "månad", month=10)
    assert not at.exception
    shown = texts(at)
    kpis = cli_kpis(sample_store, "--year", "2026", "--period", "2026-10")
    invest = kpis["INVEST_4M"]
    assert f"{invest['numerator']} av {invest['denominator']}" in shown
    tab_labels = [t.label for t in at.tabs]
    assert any(label.startswith("Öppna aktualiseringar ≥ 10 dagar (") for label in tab_labels)
    assert any(label.startswith("Ej verkställda beslut > 3 mån (IVO) (") for label in tab_labels)


@pytest.mark.slow
def test_first_start_on_an_empty_store_loads_the_sample_and_says_so(monkeypatch, tmp_path, capsys):
    from tests.conftest import store_url

    at = open_app(monkeypatch, store_url("t_first_start", tmp_path), user=None)
    assert "Exempeldata" in texts(at)
    printed = capsys.readouterr().out
    password = re.search(r"chef / (\S+)", printed).group(1)  # printed once, in the server's terminal
    sign_in(at, "chef", password)
    assert [t.value for t in at.title][0] == "Översikt"  # an enhetschef lands on the month's status
    at.switch_page("pages/start.py").run()
    counts = {m.label: m.value for m in at.metric}
    assert int(counts["Aktualiseringar"].replace("\u00a0", "")) > 10_000


@pytest.mark.slow
def test_personal_page_shows_staffing_kpis_from_the_services(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/personal.py").run()
    choose(at, 2025, "helår", unit="Barn- och ungdomsenheten")
    kpis = cli_kpis(sample_store, "--year", "2025", "--unit", "BOU")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Personalomsättning"] == f"{round(kpis['TURNOVER']['value'] * 100)}\u00a0%"
    sick = f"{kpis['SICK_LEAVE']['value'] * 100:.1f}".replace(".", ",")
    assert metrics["Sjukfrånvaro"] == f"{sick}\u00a0%"


@pytest.mark.slow
def test_arbetstyngd_apt_view_has_no_names_and_masks_small_groups(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/arbetstyngd.py").run()
    choose(at, 2025, "helår", unit="Barn- och ungdomsenheten")
    trend_table = next(d.value for d in at.dataframe if "Mätdatum" in d.value.columns)
    assert set(trend_table.columns) >= {"Mätdatum", "Grupp", "Antal mätta", "Medelpoäng"}
    assert "Namn" not in trend_table.columns  # the APT view has no names
    small = trend_table[trend_table["Antal mätta"] == "<5"]
    assert (small["Medelpoäng"] == "–").all()
    kpis = cli_kpis(sample_store, "--year", "2025", "--unit", "BOU")
    over = kpis["WORKLOAD_OVER"]
    assert f"{over['numerator']} av {over['denominator']}" in texts(at)


@pytest.mark.slow
def test_arbetstyngd_shows_a_large_round_one_arbetsgrupp_at_a_time(monkeypatch, sample_store):
    """Her two units' rounds measure more than 30 people: the per-person chart shows one arbetsgrupp's people."""
    at = open_app(monkeypatch, sample_store)
    at.switch_page("pages/arbetstyngd.py").run()
    choose(at, 2025, "helår", unit="Alla enheter")
    day = at.selectbox(key="round_detail").value
    with session_scope(get_engine(sample_store)) as s:
        both = Filters(Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "helår 2025"),
                       access=Access(units=frozenset({"BOU", "FAM"})))
        everyone = workload.round_detail(s, both, day)
    assert len(everyone) > 30
    teams = sorted(everyone["team"].unique())
    assert at.selectbox(key="team_round").options == teams
    for team in teams[:2]:
        at.selectbox(key="team_round").set_value(team).run()
        chart = json.loads(at.get("plotly_chart")[1].proto.spec)  # [0] is the trend, [1] the round per person
        people = everyone[everyone["team"] == team]
        assert list(chart["data"][0]["y"]) == list(people["staff_code"])  # a bar per person, also with a shared name
        assert chart["layout"]["yaxis"]["ticktext"] == list(people["name"].fillna(people["staff_code"]))
        table = next(d.value for d in at.dataframe if "Poäng" in d.value.columns and "Namn" in d.value.columns)
        assert list(table["Kod"]) == list(people["staff_code"])


def test_the_chosen_unit_and_period_follow_the_manager_from_page_to_page(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, script="pages/oversikt.py")
    choose(at, 2025, "T2", unit="Familjeenheten")
    assert at.caption[0].value.startswith("Familjeenheten · T2 2025")
    for page in ("pages/inflode.py", "pages/presentation.py", "pages/ekonomi.py"):
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.selectbox(key="filter_unit").value == "Familjeenheten", page
        assert at.radio(key="filter_kind").value == "T2" and at.selectbox(key="filter_year").value == 2025, page
