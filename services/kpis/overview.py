"""Översikt: each KPI with its comparisons and 13-month trend, and what needs action now."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from services.core import store_info
from services.core.db import session_scope
from services.core.kpi import KpiResult, status
from services.core.periods import Period, shift_months
from services.core.scope import Filters
from services.flow import early_warnings
from services.kpis import catalogue

TREND_MONTHS = 13
OVERVIEW_WORKERS = 3  # cards computed at once; more only queue behind two cores


@dataclass
class KpiOverview:
    result: KpiResult
    previous: float | None  # the month before (month periods only, see `monthly`)
    last_year: float | None  # the same period a year earlier
    trend: list[tuple[dt.date, float | None]]  # the 13 months up to the period's last month
    monthly: bool  # the period is one month, so there is a month before to compare with


def kpi_overview(session: Session, filters: Filters, code: str) -> KpiOverview:
    """The card of one KPI: the period's result, the month before, a year before and the 13-month trend.

    The trend is one grouped query (the catalogue's series); for a month period it also gives the month
    before and the same month a year earlier, so only the period itself is computed in full.
    """
    p = filters.period
    result = catalogue.compute(session, code, filters)
    last_month = p.end.replace(day=1)
    window = Period(shift_months(last_month, -(TREND_MONTHS - 1)), p.end, "")
    trend = list(catalogue.monthly_values(session, code, filters.with_period(window)).items())
    monthly = len(p.months) == 1
    if monthly:
        return KpiOverview(result, trend[-2][1], trend[0][1], trend, True)
    last_year = catalogue.compute(session, code, filters.with_period(p.year_earlier())).value
    return KpiOverview(result, None, last_year, trend, False)


def overview(session: Session, filters: Filters) -> list[KpiOverview]:
    """Every KPI's card. The cards are independent reads, so they are computed side by side, each in its
    own session: the database works on two cards while Python prepares the next (SQLite and psycopg
    release the GIL while a query runs), about 1.6× quicker on two cores at city scale."""
    engine = session.get_bind()

    def card(code: str) -> KpiOverview:
        with session_scope(engine) as own:
            return kpi_overview(own, filters, code)

    with ThreadPoolExecutor(max_workers=OVERVIEW_WORKERS, thread_name_prefix="kpi-card") as pool:
        return list(pool.map(card, catalogue.codes()))


@dataclass
class UnitKpis:
    unit_code: str
    unit_name: str
    results: dict[str, KpiResult]


def units_side_by_side(session: Session, filters: Filters) -> list[UnitKpis]:
    """The ledningsgrupp's view: every unit the user may see, on the same KPIs for the same period."""
    return [
        UnitKpis(code, name, catalogue.compute_all(session, filters.for_unit(code)))
        for code, name in store_info.units(session, filters.access)
    ]


@dataclass
class ActionItem:
    key: str
    title: str
    count: int
    detail: str


def action_items(session: Session, filters: Filters) -> list[ActionItem]:
    """The three things that need action now, as of the period's last day.

    Counts over every team in scope, also for roles that may not see the cases themselves (ledning,
    a biträdande enhetschef's other teams): the lists are read only to be counted, so no id or name
    leaves this function, and the counts agree with the KPI cards beside them.
    """
    filters = replace(filters, access=replace(filters.access, detail_teams=None))
    as_of = filters.period.end
    intakes = early_warnings.open_intakes(session, filters, as_of, min_days=10)
    past_14 = int((intakes["days"] > 14).sum())
    near_14 = len(intakes) - past_14
    investigations = early_warnings.investigations_near_limit(session, filters, as_of)
    passed = int((investigations["days_left"] < 0).sum())
    near = len(investigations) - passed
    decisions = early_warnings.decisions_not_carried_out(session, filters, as_of)
    return [
        ActionItem("intakes", "Förhandsbedömningar som passerat 14 dagar", past_14,
                   f"{near_14} till är 10–14 dagar gamla"),
        ActionItem("investigations", "Utredningar över 4 månader", passed,
                   f"{near} till når gränsen inom 30 dagar"),
        ActionItem("decisions", "Beslut ej verkställda efter 3 månader", len(decisions),
                   "rapporteras kvartalsvis till IVO och nämnden"),
    ]


@dataclass
class GridRow:
    """One KPI across months or teams, as a manager's Excel has it: the values, their statuses, the target."""

    code: str
    name: str
    area: str
    target: float | None
    better: str | None
    values: list[float | None]
    statuses: list[str]


def year_targets(session: Session, filters: Filters) -> dict[str, tuple[float | None, float | None]]:
    """Each KPI's target and warning level for the year of the period (the month grid judges every month by it)."""
    year = Period(dt.date(filters.period.end.year, 1, 1), filters.period.end, "")
    return {kpi.code: catalogue.target_for(session, kpi.code, filters.with_period(year)) for kpi in catalogue.kpis()}


def kpi_by_month(items: list[KpiOverview], targets: dict[str, tuple[float | None, float | None]],
                 period: Period) -> tuple[list[dt.date], list[GridRow]]:
    """Every KPI × every month of the year up to the period's end, read off the cards' 13-month trends.

    The trend ends with the period's last month and reaches 12 months back, so it holds every month of that
    year; a month's value in a series is the KPI computed for that month alone whatever the window
    (tests/test_kpi_series.py), so the grid needs no query of its own. Each cell is judged against the KPI's
    target for the year (shown in its own column), so a month that fell short stands out however the year ends.
    """
    months = Period(dt.date(period.end.year, 1, 1), period.end, "").months
    rows = []
    for item in items:
        kpi = catalogue.get(item.result.code)
        trend = dict(item.trend)
        values = [trend[m] for m in months]
        target, warn = targets[kpi.code]
        rows.append(GridRow(kpi.code, kpi.name, kpi.area, target, kpi.better, values,
                            [status(kpi.better, v, target, warn) for v in values]))
    return months, rows


def kpi_by_team(session: Session, filters: Filters) -> tuple[list[tuple[str, str]], list[GridRow]]:
    """Every KPI × every team of the unit for the period (the unit's figure first): the teams side by side."""
    teams = store_info.teams(session, filters.unit_code, filters.access) if filters.unit_code else []
    scopes = [filters.for_unit(filters.unit_code), *[replace(filters, team_code=code) for code, _ in teams]]
    engine = session.get_bind()

    def column(scope: Filters) -> dict[str, KpiResult]:  # each team in its own session, side by side as the cards
        with session_scope(engine) as own:
            return catalogue.compute_all(own, scope)

    with ThreadPoolExecutor(max_workers=OVERVIEW_WORKERS, thread_name_prefix="kpi-team") as pool:
        results = list(pool.map(column, scopes))
    rows = [GridRow(kpi.code, kpi.name, kpi.area, results[0][kpi.code].target, kpi.better,
                    [r[kpi.code].value for r in results], [r[kpi.code].status for r in results])
            for kpi in catalogue.kpis()]
    return teams, rows


@dataclass
class Headline:
    met: int  # KPIs whose status is uppfyllt
    total: int
    with_target: int
    actions_now: int  # action items with something to do


def headline(items: list[KpiOverview], actions: list[ActionItem]) -> Headline:
    """The one sentence at the top of Översikt: how many KPIs are met and how many things need action now."""
    statuses = [item.result.status for item in items]
    return Headline(statuses.count("uppfyllt"), len(statuses), sum(s not in ("saknar_mal",) for s in statuses),
                    sum(1 for a in actions if a.count))
