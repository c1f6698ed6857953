"""The KPI result every area returns, targets from the store, and the status rule.

A share always travels with its numerator and denominator, split by gender, so a
page can show "83 % (102 av 123)" and the tertial report the boys/girls columns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Target, Team
from models.codes import KPIS
from services.core.periods import Period
from services.core.scope import Filters

# What kind of number each KPI is: shares are shown as per cent, days and ratios as numbers, the rest as counts.
SHARE_KPIS = {"ASSESS_14D", "PROTECT_24H", "TALK_48H", "INVEST_4M", "REREFERRAL_12M", "SICK_LEAVE",
              "TURNOVER", "WORKLOAD_OVER", "BUDGET_DEV", "FORECAST_DEV"}
DAY_KPIS = {"INVEST_DAYS"}
RATIO_KPIS = {"CASELOAD", "VACANCY"}

GENDERS_REPORTED = ("flicka", "pojke")
STATUSES = {
    "uppfyllt": "Uppfyllt",
    "delvis": "Delvis uppfyllt",
    "ej_uppfyllt": "Ej uppfyllt",
    "saknar_mal": "Saknar mål",
    "saknar_varde": "Saknar värde",
}


@dataclass
class Part:
    """A value with the counts behind it (numerator/denominator may be None for counts or medians)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass
class KpiResult:
    code: str
    value: float | None
    numerator: float | None
    denominator: float | None
    by_gender: dict[str, Part] = field(default_factory=dict)
    target: float | None = None
    warn: float | None = None
    status: str = "saknar_mal"

    @property
    def name(self) -> str:
        return KPIS[self.code][0]

    @property
    def better(self) -> str | None:
        return KPIS[self.code][1]

    def as_json(self) -> dict:
        """The shape of `cli.py kpi --json`: shares as fractions, missing as null."""
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "by_gender": {g: asdict(self.by_gender.get(g, Part(None))) for g in GENDERS_REPORTED},
            "target": self.target,
            "status": self.status,
        }


def share(numerator: int | None, denominator: int | None) -> Part:
    """A share that has no value when nothing was measured (never 0 of 0 = 0 %)."""
    if not denominator:
        return Part(None, numerator or 0, denominator or 0)
    return Part(numerator / denominator, numerator, denominator)


def shares_by_gender(rows: list[tuple[str | None, int, int]]) -> tuple[Part, dict[str, Part]]:
    """(gender, numerator, denominator) rows -> the total and the reported genders."""
    total_num = sum(r[1] or 0 for r in rows)
    total_den = sum(r[2] or 0 for r in rows)
    by_gender = {g: share(*next(((r[1] or 0, r[2]) for r in rows if r[0] == g), (0, 0))) for g in GENDERS_REPORTED}
    return share(total_num, total_den), by_gender


def target_for(session: Session, code: str, filters: Filters) -> tuple[float | None, float | None]:
    """The most specific target: team, then its unit, then all; the period's own, then the year's."""
    scopes = []
    if filters.team_code:
        scopes.append(filters.team_code)
        unit = session.scalar(select(Team.unit_code).where(Team.team_code == filters.team_code))
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
    if period.start.month == period.end.month and period.start.year == period.end.year:
        return period.start.strftime("%Y-%m")
    return {4: "T1", 8: "T2"}.get(period.end.month, "") if period.start.month == 1 else ""


def status(code: str, value: float | None, target: float | None, warn: float | None) -> str:
    """uppfyllt / delvis / ej_uppfyllt, honouring the KPI's direction and the optional warn level.

    A KPI without a direction (inflow, placements) treats its target as a ceiling.
    """
    if target is None:
        return "saknar_mal"
    if value is None:
        return "saknar_varde"
    higher = KPIS[code][1] == "higher"
    if (value >= target) if higher else (value <= target):
        return "uppfyllt"
    if warn is not None and ((value >= warn) if higher else (value <= warn)):
        return "delvis"
    return "ej_uppfyllt"


def finish(session: Session, code: str, filters: Filters, total: Part, by_gender: dict[str, Part]) -> KpiResult:
    """Attach target and status to a computed value."""
    target, warn = target_for(session, code, filters)
    return KpiResult(
        code=code,
        value=total.value,
        numerator=total.numerator,
        denominator=total.denominator,
        by_gender=by_gender,
        target=target,
        warn=warn,
        status=status(code, total.value, target, warn),
    )
