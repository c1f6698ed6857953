"""The benchmark behind `cli.py bench`: every page's service calls, timed on the store, beside the same
work done by DuckDB (the in-process analytic lower bound) and by pandas after loading the tables (the
way many dashboards do it).

DuckDB is measured twice over a copy of the same rows: running the page's own service calls (the same
aggregations, the same SQL, through duckdb_engine; `duckdb_ms`, the ratio on the last line) and running
only the page's core aggregation written by hand for it (`duckdb_core_ms`, the floor for the headline
figures alone).

Timings are wall-clock medians over repeats with the app's cache bypassed (services are called
directly). Peak memory is what Python allocates during a page's calls (tracemalloc) and the
process's high-water mark (maxrss), taken after the app's pages and again after the baselines,
which load whole tables and so are not the app's memory.
"""

from __future__ import annotations

import math
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Date, Engine, create_engine, func, select

from models import Base, Intake, Unit
from services.core import store_info
from services.core.db import session_scope
from services.core.periods import chart_window, period
from services.core.scope import Filters
from services.economy import budget, placement_forecast
from services.flow import deadlines, early_warnings, inflow
from services.kpis import catalogue, comments, overview
from services.placements import placements
from services.staffing import caseload, staffing, workload

Call = Callable[..., object]


def _trend(f: Filters) -> Filters:
    return f.with_period(chart_window(f.period))


def _kpi(code: str) -> Call:
    """A page's card or headline figure: the catalogue's computation with its target."""
    return lambda s, f: catalogue.compute(s, code, f)


# What each page asks the services for, with the arguments the page passes (see pages/*.py).
PAGES: dict[str, list[Call]] = {
    "Start": [lambda s, f: store_info.summary(s, f.access)],
    "Översikt": [overview.overview, overview.action_items, overview.year_targets, overview.kpi_by_team,
                 lambda s, f: store_info.data_date(s), lambda s, f: store_info.unit_name(s, f.unit_code),
                 lambda s, f: comments.for_period(s, f.unit_code, f.period)],
    "Inflöde": [_kpi("INFLOW"), lambda s, f: inflow.monthly(s, _trend(f), "reporter"), lambda s, f: inflow.rolling_12(s, _trend(f)),
                lambda s, f: inflow.same_month_last_year(s, _trend(f))],
    "Tidsfrister": [
        *[(lambda code: lambda s, f: deadlines.compliance_by_month(s, _trend(f), code))(c)
          for c in ("ASSESS_14D", "INVEST_4M", "TALK_48H", "PROTECT_24H")],
        lambda s, f: deadlines.compliance_by_team(s, f, "ASSESS_14D"), deadlines.investigation_days,
        *[_kpi(code) for code in ("ASSESS_14D", "INVEST_4M", "TALK_48H", "PROTECT_24H", "INVEST_DAYS")],
        *[(lambda fn: lambda s, f: fn(s, f, f.period.end))(fn) for fn in (
            early_warnings.open_intakes, early_warnings.investigations_near_limit, early_warnings.extended_investigations,
            early_warnings.decisions_not_carried_out)],
    ],
    "Placeringar": [_kpi("PLACEMENTS"), lambda s, f: placements.stock_by_month(s, _trend(f), "kind"),
                    lambda s, f: placements.flows_by_month(s, _trend(f)), placements.care_days_and_cost,
                    lambda s, f: placements.care_days_and_cost(s, _trend(f)), placements.median_length_of_ended,
                    placements.average_daily_cost, placements.ongoing_list],
    "Ekonomi": [budget.by_category, budget.closed_through, budget.cumulative, budget.forecasts,
                placement_forecast.placement_forecast],
    "Personal": [*[_kpi(code) for code in ("VACANCY", "TURNOVER", "SICK_LEAVE", "CASELOAD")],
                 lambda s, f: staffing.fte_vs_budget(s, _trend(f)), lambda s, f: staffing.headcount_by_month(s, _trend(f)),
                 lambda s, f: staffing.sick_leave_by_month(s, _trend(f)), staffing.turnover_trend, caseload.caseload_trend],
    "Arbetstyngd": [_kpi("WORKLOAD_OVER"), workload.rounds, lambda s, f: workload.group_trend(s, f, by="team"),
                    lambda s, f: workload.round_detail(s, f, f.period.end), lambda s, f: workload.staff_to_measure(s, f, f.period.end)],
}

# The core aggregation of each page, in SQL that DuckDB runs over the same rows: {unit} and the dates are filled in.
CORE_SQL = {
    "Start": ["SELECT count(*) FROM intakes", "SELECT min(received_month), max(received_month) FROM intakes"],
    "Översikt": [
        "SELECT received_month, count(*) FROM intakes i JOIN teams t USING (team_code) WHERE {scope} AND received_date BETWEEN ? AND ? GROUP BY 1",
        "SELECT assessment_month, count(*), sum(CASE WHEN assessment_days <= 14 THEN 1 ELSE 0 END) FROM intakes i JOIN teams t USING (team_code) WHERE {scope} AND assessment_date BETWEEN ? AND ? GROUP BY 1",
        "SELECT end_month, count(*), sum(CASE WHEN end_date <= due_date THEN 1 ELSE 0 END) FROM investigations v JOIN teams t USING (team_code) WHERE {scope} AND end_date BETWEEN ? AND ? GROUP BY 1",
    ],
    "Inflöde": ["SELECT received_month, reporter, count(*) FROM intakes i JOIN teams t USING (team_code) WHERE {scope} AND received_date BETWEEN ? AND ? GROUP BY 1, 2"],
    "Tidsfrister": [
        "SELECT assessment_month, team_code, count(*), sum(CASE WHEN assessment_days <= 14 THEN 1 ELSE 0 END) FROM intakes i JOIN teams t USING (team_code) WHERE {scope} AND assessment_date BETWEEN ? AND ? GROUP BY 1, 2",
        "SELECT end_month, count(*), median(duration_days) FROM investigations v JOIN teams t USING (team_code) WHERE {scope} AND end_date BETWEEN ? AND ? GROUP BY 1",
    ],
    "Placeringar": ["SELECT kind, count(*), sum(daily_cost) FROM interventions x JOIN teams t USING (team_code) WHERE {scope} AND category = 'placering' AND start_date <= ? AND (end_date IS NULL OR end_date > ?) GROUP BY 1"],
    "Ekonomi": ["SELECT category, sum(budget), sum(actual) FROM budget b WHERE {unit_scope} AND month BETWEEN ? AND ? GROUP BY 1"],
    "Personal": ["SELECT month, sum(scheduled_hours), sum(sick_hours) FROM absence a JOIN teams t USING (team_code) WHERE {scope} AND month BETWEEN ? AND ? GROUP BY 1"],
    "Arbetstyngd": ["SELECT measured_on, s.team_code, count(*), avg(points) FROM workload w JOIN staff s USING (staff_code) JOIN teams t ON t.team_code = s.team_code WHERE {scope} AND measured_on BETWEEN ? AND ? GROUP BY 1, 2"],
}


@dataclass
class Timing:
    page: str
    scenario: str
    median_ms: float
    max_ms: float
    peak_mb: float
    duckdb_ms: float | None
    pandas_ms: float | None
    process_mb: float  # the process's high-water mark after this page, before any baseline loaded a table
    duckdb_core_ms: float | None = None  # only the page's core aggregation, hand-written for DuckDB


def _times(function: Callable[[], object], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        out.append((time.perf_counter() - began) * 1000)
    return out


def _measure(function: Callable[[], object], repeats: int) -> tuple[list[float], float]:
    """Wall-clock ms of each repeat, then one more run under tracemalloc for the peak (it slows what it watches)."""
    times = _times(function, repeats)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return times, peak / 2**20


def scenarios(engine: Engine) -> dict[str, Filters]:
    """One unit and one year, and all units for the whole year: the last full year in the store."""
    with session_scope(engine) as session:
        last = session.scalar(select(func.max(Intake.received_month)))
        unit = session.scalar(select(Unit.unit_code).order_by(Unit.unit_code).limit(1))
    year = last.year - 1 if last.month < 12 else last.year
    return {"en enhet, ett år": Filters(period(year, "helår"), unit), "alla enheter, helår": Filters(period(year, "helår"))}


def _duckdb_copy(engine: Engine, directory: Path):
    """Every table of the store copied into a DuckDB file, dates as DATE: an engine the services run on
    unchanged (duckdb_engine speaks PostgreSQL's dialect)."""
    duck = create_engine(f"duckdb:///{directory / 'bench.duckdb'}")
    with engine.connect() as conn, duck.connect() as target:
        con = target.connection.driver_connection
        for table in Base.metadata.sorted_tables:
            frame = pd.read_sql_table(table.name, conn)
            columns = ", ".join(f'CAST("{c.name}" AS DATE) AS "{c.name}"' if isinstance(c.type, Date) else f'"{c.name}"'
                                for c in table.columns)
            con.register("frame", frame)
            con.execute(f'CREATE TABLE "{table.name}" AS SELECT {columns} FROM frame')
            con.unregister("frame")
        target.commit()
    return duck


def _run_sql(duck: Engine, queries: list[tuple[str, list]]) -> None:
    with duck.connect() as conn:
        con = conn.connection.driver_connection
        for query, params in queries:
            con.execute(query, params).fetchall()


def _sql(page: str, f: Filters) -> list[tuple[str, list]]:
    scope = f"t.unit_code = '{f.unit_code}'" if f.unit_code else "TRUE"
    unit_scope = f"unit_code = '{f.unit_code}'" if f.unit_code else "TRUE"
    out = []
    for text in CORE_SQL[page]:
        params = [f.period.start, f.period.end] if text.count("?") == 2 else []
        out.append((text.format(scope=scope, unit_scope=unit_scope), params))
    return out


def _pandas_core(page: str, engine: Engine, f: Filters) -> None:
    """The dashboard way: read the tables the page needs into pandas, then filter and group there."""
    needs = {"Start": ["intakes"], "Översikt": ["intakes", "investigations", "teams"], "Inflöde": ["intakes", "teams"],
             "Tidsfrister": ["intakes", "investigations", "teams"], "Placeringar": ["interventions", "teams"],
             "Ekonomi": ["budget"], "Personal": ["absence", "teams"], "Arbetstyngd": ["workload", "staff", "teams"]}[page]
    with engine.connect() as conn:
        frames = {name: pd.read_sql_table(name, conn) for name in needs}
    start, end = pd.Timestamp(f.period.start), pd.Timestamp(f.period.end)
    teams = frames.get("teams")
    in_scope = set(teams.loc[teams["unit_code"] == f.unit_code, "team_code"]) if teams is not None and f.unit_code else None
    for name, frame in frames.items():
        if name == "teams":
            continue
        if in_scope is not None and "team_code" in frame:
            frame = frame[frame["team_code"].isin(in_scope)]
        date_column = {"intakes": "received_date", "investigations": "end_date", "interventions": "start_date",
                       "budget": "month", "absence": "month", "workload": "measured_on", "staff": "start_date"}[name]
        dates = pd.to_datetime(frame[date_column])
        chosen = frame[(dates >= start) & (dates <= end)]
        key = {"intakes": "received_month", "investigations": "end_month", "interventions": "kind", "budget": "category",
               "absence": "month", "workload": "measured_on", "staff": "team_code"}[name]
        chosen.groupby(key).size()


def _page_work(engine: Engine, calls: list[Call], filters: Filters) -> Callable[[], None]:
    def page_work() -> None:
        with session_scope(engine) as session:
            for call in calls:
                call(session, filters)

    return page_work


def run(engine: Engine, repeats: int = 5, baselines: bool = True) -> list[Timing]:
    """Every page's app timings first (so the process's memory is the app's alone), then the baselines."""
    chosen = scenarios(engine)
    results = []
    for scenario, filters in chosen.items():
        for page, calls in PAGES.items():
            page_work = _page_work(engine, calls, filters)
            page_work()  # warm the database's own caches once, as a page open after another does
            times, peak = _measure(page_work, repeats)
            results.append(Timing(page, scenario, statistics.median(times), max(times), peak, None, None, process_peak_mb()))
    if baselines:
        with tempfile.TemporaryDirectory(prefix="enhetskollen-bench-") as directory:
            duck = _duckdb_copy(engine, Path(directory))
            try:
                for timing in results:
                    filters = chosen[timing.scenario]
                    same_work = _page_work(duck, PAGES[timing.page], filters)
                    same_work()  # warm up as for the app
                    queries = _sql(timing.page, filters)
                    timing.duckdb_ms = statistics.median(_times(same_work, repeats))
                    timing.duckdb_core_ms = statistics.median(_times(lambda: _run_sql(duck, queries), repeats))
                    timing.pandas_ms = statistics.median(
                        _times(lambda: _pandas_core(timing.page, engine, filters), max(1, repeats // 2)))
            finally:
                duck.dispose()
    return results


def geometric_mean_ratio(results: list[Timing], field: str = "duckdb_ms") -> float | None:
    """The geometric mean of app time / DuckDB time over the pages (`field`: which DuckDB measurement)."""
    ratios = [r.median_ms / getattr(r, field) for r in results if getattr(r, field)]
    return math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None


def process_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(results: list[Timing]) -> list[str]:
    """The Swedish table `cli.py bench` prints."""
    def cell(value: float | None, width: int, decimals: int) -> str:
        return f"{value:{width}.{decimals}f}" if value is not None else f"{'–':>{width}}"

    lines = [f"{'Sida':<13} {'Urval':<21} {'median ms':>9} {'max ms':>8} {'minne MB':>8} {'DuckDB ms':>9} "
             f"{'DuckDB kärna':>12} {'pandas ms':>9}"]
    for r in results:
        lines.append(f"{r.page:<13} {r.scenario:<21} {r.median_ms:9.0f} {r.max_ms:8.0f} {r.peak_mb:8.1f} "
                     f"{cell(r.duckdb_ms, 9, 0)} {cell(r.duckdb_core_ms, 12, 1)} {cell(r.pandas_ms, 9, 0)}")
    app_mb = max((r.process_mb for r in results), default=0.0)
    lines.append(f"Högsta minnesanvändning: appens sidor {app_mb:.0f} MB, hela processen med jämförelserna {process_peak_mb():.0f} MB")
    core = geometric_mean_ratio(results, "duckdb_core_ms")
    if core:
        lines.append(f"Geometriskt medelvärde, appens tid / DuckDB:s kärnaggregering: {core:.1f}")
    ratio = geometric_mean_ratio(results)
    lines.append(f"Geometriskt medelvärde, appens tid / DuckDB: {ratio:.1f}" if ratio else "Geometriskt medelvärde: – (ingen DuckDB)")
    return lines
