"""The benchmark's structure (never its timings): every page, both filters, baselines and the summary line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.core.db import session_scope
from services.importer import import_path
from services.kpis import catalogue
from services.ops import bench

ROOT = Path(__file__).resolve().parent.parent
KPI_FIXTURE = ROOT / "tests" / "fixtures" / "kpi"
DASHBOARD_PAGES = ["start", "oversikt", "inflode", "tidsfrister", "placeringar", "ekonomi", "personal", "arbetstyngd"]
NOT_BENCHED = {"settings.get", "workload.model_history", "workload.model_on"}  # one-row lookups by key


def test_the_bench_knows_every_service_call_the_dashboard_pages_make():
    source = (ROOT / "services" / "ops" / "bench.py").read_text(encoding="utf-8")
    for page in DASHBOARD_PAGES:
        text = (ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8")
        for called in set(re.findall(r"\bcall\((\w+\.\w+)", text)) - NOT_BENCHED:
            assert called in source, f"pages/{page}.py anropar {called}, som bänken inte mäter"


@pytest.mark.slow
def test_a_run_reports_every_page_for_both_filters_with_baselines(store):
    pytest.importorskip("duckdb_engine", reason="DuckDB finns i requirements-dev.txt")
    assert import_path(store, KPI_FIXTURE).ok
    results = bench.run(store, repeats=1)
    assert [(r.page, r.scenario) for r in results] == [
        (page, scenario) for scenario in ("en enhet, ett år", "alla enheter, helår") for page in bench.PAGES]
    assert all(r.median_ms > 0 and r.max_ms >= r.median_ms and r.pandas_ms is not None
               and r.duckdb_ms > 0 and r.duckdb_core_ms > 0 for r in results)
    lines = bench.report(results)
    assert lines[0].split()[:2] == ["Sida", "Urval"] and len(lines) == len(results) + 4
    assert lines[-2].startswith("Geometriskt medelvärde, appens tid / DuckDB:s kärnaggregering: ")
    assert lines[-1].startswith("Geometriskt medelvärde, appens tid / DuckDB: ")


def test_duckdb_runs_the_same_service_calls_to_the_same_figures(store, tmp_path):
    """The DuckDB column times the app's own aggregations, so they must give the store's answers."""
    pytest.importorskip("duckdb_engine", reason="DuckDB finns i requirements-dev.txt")
    assert import_path(store, KPI_FIXTURE).ok
    duck = bench._duckdb_copy(store, tmp_path)
    try:
        for filters in bench.scenarios(store).values():
            with session_scope(store) as session:
                expected = catalogue.compute_all(session, filters)
            with session_scope(duck) as session:
                found = catalogue.compute_all(session, filters)
            assert {code: r.value for code, r in found.items()} == {code: r.value for code, r in expected.items()}
            assert sum(r.value is not None for r in expected.values()) >= 5  # figures, not only empty cards
    finally:
        duck.dispose()
