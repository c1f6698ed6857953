"""The KPI catalogue: every KPI declared once, and read by the CLI, Översikt, the reports and the deck.

An entry says what a KPI is (code, Swedish name, which direction is better, the kind of number and
its decimals, the area it belongs to, the words under its value) and how it is computed: its
function for a period, and its fast monthly series for the trends (or `PER_MONTH`, the declared
fallback: the function computed month by month, for KPIs over small tables). Adding a KPI is one
function in its area and one entry here. The codes are the import contract's (targets.csv) and
DOMAIN.md's; tests/test_catalogue.py holds them equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Target
from services.core.kpi import KpiResult, Measured, Part, status
from services.core.periods import Period, month_end
from services.core.scope import Filters, unit_of_team
from services.economy import budget
from services.flow import deadlines, decisions, inflow, rereferral
from services.placements import placements
from services.staffing import caseload, staffing, workload

# The kinds of number, and how each is shown (ui/output/kpi_text.py).
SHARE, DAYS, RATIO, COUNT, AMOUNT = "share", "days", "ratio", "count", "amount"
KINDS = (SHARE, DAYS, RATIO, COUNT, AMOUNT)
PER_MONTH = "per_month"  # declared fallback: no grouped series, the KPI is computed for each month

AREAS = {
    "flow": "Inflöde och tidsfrister",
    "placements": "Placeringar",
    "staffing": "Personal och arbetstyngd",
    "economy": "Ekonomi",
}

Compute = Callable[[Session, Filters], Measured]
Series = Callable[[Session, Filters], dict]


@dataclass(frozen=True)
class Basis:
    """The words under a value, as a template over its counts: {n} numerator, {d} denominator.

    `{n:1}` writes one decimal, `{n:mnkr}` millions of kronor. `needs` names the count that must be
    there for the text to make sense (no "0 av 0").
    """

    template: str
    needs: str = "denominator"


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str
    better: str | None  # "higher", "lower", or None: no direction, a target is a ceiling
    kind: str
    area: str
    compute: Compute
    series: Series | str  # a grouped monthly series, or PER_MONTH
    basis: Basis | None = None
    decimals: int = 0
    signed: bool = False  # a deviation share: may lie below 0 or above 100 %
    unit_level: bool = False  # kept per unit (the budget): a team view shows its unit's figure

    @property
    def is_share(self) -> bool:
        return self.kind == SHARE

    @property
    def is_count(self) -> bool:
        """Counts of cases: the ones a shared screen masks when they are 1–4."""
        return self.kind == COUNT


OF = Basis("{n} av {d}")

CATALOGUE: list[Kpi] = [
    Kpi("INFLOW", "Aktualiseringar", None, COUNT, "flow", inflow.inflow, inflow.monthly_counts),
    Kpi("ASSESS_14D", "Förhandsbedömning inom 14 dagar", "higher", SHARE, "flow", deadlines.assess_14d,
        deadlines.monthly_compliance("ASSESS_14D"), OF),
    Kpi("PROTECT_24H", "Skyddsbedömning inom 24 timmar", "higher", SHARE, "flow", deadlines.protect_24h,
        deadlines.monthly_compliance("PROTECT_24H"), OF),
    Kpi("TALK_48H", "Allvarssamtal inom 48 timmar", "higher", SHARE, "flow", deadlines.talk_48h,
        deadlines.monthly_compliance("TALK_48H"), OF),
    Kpi("INVEST_4M", "Utredningar klara inom 4 månader", "higher", SHARE, "flow", deadlines.invest_4m,
        deadlines.monthly_compliance("INVEST_4M"), OF),
    Kpi("INVEST_DAYS", "Utredningstid (median, dagar)", "lower", DAYS, "flow", deadlines.invest_days,
        deadlines.invest_days_by_month, Basis("median av {d} utredningar")),
    Kpi("REREFERRAL_12M", "Återaktualisering inom 12 månader", "lower", SHARE, "flow", rereferral.rereferral_12m,
        rereferral.rereferral_by_month, OF),
    Kpi("PLACEMENTS", "Pågående placeringar", None, COUNT, "placements", placements.placements_kpi,
        placements.placements_by_month),
    Kpi("NOT_CARRIED_3M", "Ej verkställda beslut > 3 mån", "lower", COUNT, "flow", decisions.not_carried_3m,
        decisions.not_carried_by_month),
    Kpi("CASELOAD", "Utredningar per socialsekreterare", "lower", RATIO, "staffing", caseload.caseload,
        caseload.caseload_by_month, Basis("{n} utredningar / {d:1} årsarbetare"), decimals=1),
    Kpi("SICK_LEAVE", "Sjukfrånvaro", "lower", SHARE, "staffing", staffing.sick_leave, staffing.sick_leave_monthly,
        Basis("{n} av {d} timmar"), decimals=1),  # tenths matter: 5,6 % against a target of 5,7 %
    Kpi("TURNOVER", "Personalomsättning", "lower", SHARE, "staffing", staffing.turnover, staffing.turnover_by_month,
        Basis("{n} slutat, i snitt {d} anställda")),
    Kpi("VACANCY", "Vakanser (tjänster)", "lower", RATIO, "staffing", staffing.vacancy, staffing.vacancy_by_month,
        Basis("{n:1} budgeterade, {d:1} tillsatta årsarbetare", needs="numerator"), decimals=1),
    Kpi("WORKLOAD_OVER", "Andel över rimlig arbetstyngd", "lower", SHARE, "staffing", workload.workload_over,
        workload.workload_over_by_month, OF),
    Kpi("BUDGET_DEV", "Budgetavvikelse", "higher", SHARE, "economy", budget.budget_dev, budget.budget_dev_by_month,
        Basis("utfall {n:mnkr} mot budget {d:mnkr}"), signed=True, unit_level=True),
    Kpi("FORECAST_DEV", "Prognosavvikelse helår", "higher", SHARE, "economy", budget.forecast_dev, PER_MONTH,
        Basis("prognos {n:mnkr} mot budget {d:mnkr}"), signed=True, unit_level=True),
]


def kpis() -> list[Kpi]:
    """The catalogue in its order (the contract's); read it through here, never copy it."""
    return list(CATALOGUE)


def codes() -> list[str]:
    return [k.code for k in CATALOGUE]


def get(code: str) -> Kpi:
    for kpi in CATALOGUE:
        if kpi.code == code:
            return kpi
    raise KeyError(code)


def names() -> dict[str, str]:
    """code -> Swedish name: the pickers' labels and the import contract's list of KPI codes."""
    return {k.code: k.name for k in CATALOGUE}


def target_for(session: Session, code: str, filters: Filters) -> tuple[float | None, float | None]:
    """The most specific target: team, then its unit, then all; the period's own, then the year's."""
    scopes = []
    if filters.team_code:
        scopes.append(filters.team_code)
        unit = unit_of_team(session, filters.team_code)
        if unit:
            scopes.append(unit)
    elif filters.unit_code:
        scopes.append(filters.unit_code)
    scopes.append("")
    periods = [_target_period(filters.period), ""]
    rows = session.execute(
        select(Target.scope, Target.period, Target.target, Target.warn).where(
            Target.kpi_code == code,
            Target.year == filters.period.end.year,
            Target.scope.in_(scopes),
            Target.period.in_(periods),
        )
    ).all()
    for scope in scopes:
        for period_key in periods:
            for row in rows:
                if row.scope == scope and row.period == period_key:
                    return row.target, row.warn
    return None, None


def _target_period(period: Period) -> str:
    """The target's period key: the month, T1 or T2 (a partial T2 still has T2's target), else the year's."""
    end = period.nominal_end
    if period.start.month == end.month and period.start.year == end.year:
        return period.start.strftime("%Y-%m")
    return {4: "T1", 8: "T2"}.get(end.month, "") if period.start.month == 1 else ""


def result(session: Session, kpi: Kpi, filters: Filters, measured: Measured) -> KpiResult:
    """A measured value with its target and status attached."""
    target, warn = target_for(session, kpi.code, filters)
    return KpiResult(
        code=kpi.code, name=kpi.name, better=kpi.better,
        value=measured.value, numerator=measured.numerator, denominator=measured.denominator,
        by_gender=measured.by_gender, target=target, warn=warn,
        status=status(kpi.better, measured.value, target, warn), note=measured.note,
        preliminary=measured.preliminary,
    )


def compute(session: Session, code: str, filters: Filters) -> KpiResult:
    """One KPI for a scope and period, with its target and status."""
    kpi = get(code)
    return result(session, kpi, filters, kpi.compute(session, filters))


def compute_all(session: Session, filters: Filters) -> dict[str, KpiResult]:
    return {kpi.code: result(session, kpi, filters, kpi.compute(session, filters)) for kpi in CATALOGUE}


Values = dict[dt.date, float | None]


def _month(first: dt.date) -> Period:
    return Period(first, month_end(first), "")


def monthly_values(session: Session, code: str, filters: Filters) -> Values:
    """The KPI's value for each month of the period (None where the month has no value).

    A month's value here is exactly the KPI computed for that month alone (tests/test_kpi_series.py
    holds every code to that); the grouped series make Översikt's 16 trends a query or two each
    instead of 13 (at city scale 12 seconds for one unit before).
    """
    kpi = get(code)
    months = filters.period.months
    if kpi.series == PER_MONTH:
        return {m: kpi.compute(session, filters.with_period(_month(m))).value for m in months}
    found = kpi.series(session, filters)
    return {m: _plain(found.get(m)) for m in months}


def _plain(value: Part | float | None) -> float | None:
    return value.value if isinstance(value, Part) else value
