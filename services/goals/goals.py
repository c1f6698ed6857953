"""Goals and follow-up: the cascade, indicators (catalogue or manual), activities and graded analyses.

The indicator table follows the reports' own layout (Indikator | Periodens utfall | Pojkar |
Flickor | Föregående år | Årsmål | KF:s årsmål | Status), with the count behind every
share, and puts the computed status beside the manager's grade so a disagreement shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Goal, GoalActivity, GoalGrade, GoalIndicator, IndicatorValue, Target
from services.access import audit
from services.access.permissions import SignedIn, require_role, require_unit
from services.access.roles import MUNICIPAL_GOAL_ROLES, UNIT_GOAL_ROLES
from services.core.kpi import KpiResult
from services.core.periods import Period
from services.core.scope import Filters
from services.kpis import catalogue

LEVELS = {"kf": "KF:s inriktningsmål", "verksamhet": "Verksamhetsområdesmål", "namnd": "Nämndmål", "enhet": "Enhetsmål"}
GRADES = {"helt": "Uppfylls helt", "delvis": "Uppfylls delvis", "inte": "Uppfylls inte"}
ACTIVITY_STATUSES = {"planerad": "Planerad", "pagar": "Pågår", "klar": "Klar", "avbruten": "Avbruten"}
# A KPI's status and the grade that would follow from it alone.
STATUS_TO_GRADE = {"uppfyllt": "helt", "delvis": "delvis", "ej_uppfyllt": "inte"}


class GoalError(ValueError):
    """A Swedish message for the manager writing goals and grades."""


def period_key(p: Period) -> str:
    """'T1', 'T2' or 'helår' for tertial/year periods; the month 'YYYY-MM' otherwise."""
    return p.label.split()[0] if p.label.split()[0] in ("T1", "T2", "helår") else p.start.strftime("%Y-%m")


@dataclass
class IndicatorRow:
    indicator_id: int
    name: str
    kpi_code: str | None
    value: float | None
    numerator: int | None
    denominator: int | None
    boys: float | None
    girls: float | None
    previous_year: float | None
    year_target: float | None
    kf_target: float | None
    status: str
    is_share: bool
    n: int | None = None


@dataclass
class GoalView:
    goal: Goal
    indicators: list[IndicatorRow] = field(default_factory=list)
    activities: list[GoalActivity] = field(default_factory=list)
    grade: GoalGrade | None = None
    computed_grade: str | None = None  # what the indicators' statuses alone say

    @property
    def disagrees(self) -> bool:
        return self.grade is not None and self.computed_grade is not None and self.grade.grade != self.computed_grade


def cascade(session: Session, year: int, unit_code: str | None) -> list[tuple[Goal, int]]:
    """The goal tree for a year as (goal, depth), depth first; enhetsmål only for the unit (or all units)."""
    goals = list(session.scalars(select(Goal).where(Goal.year == year).order_by(Goal.position, Goal.id)))
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        if goal.level == "enhet" and unit_code and goal.unit_code != unit_code:
            continue
        children.setdefault(goal.parent_id, []).append(goal)
    ordered: list[tuple[Goal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append((goal, depth))
            walk(goal.id, depth + 1)

    walk(None, 0)
    return ordered


_ABOVE_UNIT = {"kf": "KF:s inriktningsmål", "verksamhet": "verksamhetsområdesmål", "namnd": "nämndmål"}


def _may_change(actor: SignedIn, level: str, unit_code: str | None) -> None:
    """Enhetsmål (and what hangs on them) are their unit's enhetschef's; the levels above, the administrator's."""
    if level == "enhet":
        require_unit(actor, UNIT_GOAL_ROLES, unit_code, "ändra enhetsmål")
    else:
        require_role(actor, MUNICIPAL_GOAL_ROLES, f"ändra {_ABOVE_UNIT.get(level, 'mål')}")


def _goal(session: Session, goal_id: int, actor: SignedIn) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise GoalError(f"Målet {goal_id} finns inte.")
    _may_change(actor, goal.level, goal.unit_code)
    return goal


def add_goal(session: Session, year: int, level: str, title: str, parent_id: int | None = None,
             unit_code: str | None = None, *, actor: SignedIn) -> int:
    _may_change(actor, level, unit_code)
    if level not in LEVELS:
        raise GoalError(f"Okänd målnivå '{level}'.")
    if not title.strip():
        raise GoalError("Målet behöver en text.")
    if level == "enhet" and not unit_code:
        raise GoalError("Ett enhetsmål hör till en enhet.")
    goal = Goal(year=year, level=level, title=title.strip(), parent_id=parent_id, unit_code=unit_code, position=0)
    session.add(goal)
    session.flush()
    return goal.id


def add_indicator(session: Session, goal_id: int, kpi_code: str | None = None, name: str | None = None,
                  higher_is_better: bool = True, target: float | None = None, is_share: bool = False, *,
                  actor: SignedIn) -> int:
    _goal(session, goal_id, actor)
    if kpi_code is None and not (name or "").strip():
        raise GoalError("En egen indikator behöver ett namn.")
    if kpi_code is not None and kpi_code not in catalogue.codes():
        raise GoalError(f"Okänt nyckeltal '{kpi_code}'.")
    indicator = GoalIndicator(goal_id=goal_id, kpi_code=kpi_code, name=name, higher_is_better=higher_is_better,
                              target=target, is_share=is_share)
    session.add(indicator)
    session.flush()
    return indicator.id


def set_manual_value(session: Session, indicator_id: int, year: int, period: str, value: float, boys: float | None,
                     girls: float | None, n: int | None, actor: SignedIn) -> None:
    indicator = session.get(GoalIndicator, indicator_id)
    if indicator is None:
        raise GoalError(f"Indikatorn {indicator_id} finns inte.")
    _goal(session, indicator.goal_id, actor)
    username = actor.username
    row = session.get(IndicatorValue, (indicator_id, year, period)) or IndicatorValue(indicator_id=indicator_id, year=year, period=period)
    row.value, row.boys, row.girls, row.n = value, boys, girls, n
    session.add(row)
    audit.record(session, username, "andring", f"indikator {indicator_id} {year} {period}", f"{value}")


def add_activity(session: Session, goal_id: int, title: str, start: dt.date | None, end: dt.date | None, status: str, *,
                 actor: SignedIn) -> int:
    _goal(session, goal_id, actor)
    if status not in ACTIVITY_STATUSES:
        raise GoalError(f"Okänd status '{status}'.")
    if start and end and end < start:
        raise GoalError("Aktiviteten slutar före den börjar.")
    activity = GoalActivity(goal_id=goal_id, title=title.strip(), start=start, end=end, status=status)
    session.add(activity)
    session.flush()
    return activity.id


def set_grade(session: Session, goal_id: int, year: int, period: str, grade: str, analysis: str, actor: SignedIn) -> None:
    """The manager's grade and analysis for an enhetsmål and period (replaces an earlier one; audited)."""
    _goal(session, goal_id, actor)
    username = actor.username
    if grade not in GRADES:
        raise GoalError(f"Okänd bedömning '{grade}'. Välj {', '.join(GRADES.values())}.")
    row = session.get(GoalGrade, (goal_id, year, period)) or GoalGrade(goal_id=goal_id, year=year, period=period)
    row.grade, row.analysis = grade, analysis.strip()
    row.updated_by, row.updated_at = username, dt.datetime.now().replace(microsecond=0)
    session.add(row)
    audit.record(session, username, "andring", f"bedömning mål {goal_id} {year} {period}", GRADES[grade])


def _kf_target(session: Session, code: str, year: int) -> float | None:
    """The municipality-wide target (scope ''), whatever period it is set for: KF sets years."""
    return session.scalar(select(Target.target).where(Target.kpi_code == code, Target.scope == "", Target.year == year)
                          .order_by(Target.period).limit(1))


def kpi_row(session: Session, code: str, filters: Filters, indicator_id: int = 0) -> IndicatorRow:
    """One catalogue KPI as a row of the reports' indicator table: the period, boys, girls, the same period a year
    earlier, the unit's target and KF's, and the status."""
    result: KpiResult = catalogue.compute(session, code, filters)
    before = catalogue.compute(session, code, filters.with_period(filters.period.year_earlier()))
    boys, girls = result.by_gender.get("pojke"), result.by_gender.get("flicka")
    return IndicatorRow(indicator_id, result.name, code, result.value, result.numerator, result.denominator,
                        boys.value if boys else None, girls.value if girls else None, before.value, result.target,
                        _kf_target(session, code, filters.period.end.year), result.status,
                        is_share=catalogue.get(code).is_share)


def indicator_rows(session: Session, goal: Goal, filters: Filters) -> list[IndicatorRow]:
    """The report's indicator table for one enhetsmål: catalogue KPIs computed for the goal's unit, manual ones as entered."""
    unit_filters = filters.for_unit(goal.unit_code) if goal.unit_code else filters
    rows = []
    key = period_key(filters.period)
    year = filters.period.end.year
    for indicator in session.scalars(select(GoalIndicator).where(GoalIndicator.goal_id == goal.id)
                                     .order_by(GoalIndicator.position, GoalIndicator.id)):
        if indicator.kpi_code:
            rows.append(kpi_row(session, indicator.kpi_code, unit_filters, indicator.id))
        else:
            value = session.get(IndicatorValue, (indicator.id, year, key))
            previous = session.get(IndicatorValue, (indicator.id, year - 1, key))
            status = _manual_status(value.value if value else None, indicator.target, indicator.higher_is_better)
            rows.append(IndicatorRow(
                indicator.id, indicator.name or "", None, value.value if value else None, None, None,
                value.boys if value else None, value.girls if value else None, previous.value if previous else None,
                indicator.target, None, status, is_share=indicator.is_share, n=value.n if value else None))
    return rows


def _manual_status(value: float | None, target: float | None, higher_is_better: bool) -> str:
    if value is None:
        return "saknar_varde"
    if target is None:
        return "saknar_mal"
    met = value >= target if higher_is_better else value <= target
    return "uppfyllt" if met else "ej_uppfyllt"


def computed_grade(rows: list[IndicatorRow]) -> str | None:
    """What the indicators alone say: all met → helt, none met → inte, else delvis (None without judged indicators)."""
    judged = [STATUS_TO_GRADE[r.status] for r in rows if r.status in STATUS_TO_GRADE]
    if not judged:
        return None
    if all(g == "helt" for g in judged):
        return "helt"
    if all(g == "inte" for g in judged):
        return "inte"
    return "delvis"


def unit_goals(session: Session, filters: Filters, unit_code: str) -> list[GoalView]:
    """Every enhetsmål of a unit for the period's year, with its indicator table, activities and grade."""
    year, key = filters.period.end.year, period_key(filters.period)
    views = []
    for goal in session.scalars(select(Goal).where(Goal.year == year, Goal.level == "enhet", Goal.unit_code == unit_code)
                                .order_by(Goal.position, Goal.id)):
        rows = indicator_rows(session, goal, filters)
        activities = list(session.scalars(select(GoalActivity).where(GoalActivity.goal_id == goal.id).order_by(GoalActivity.id)))
        grade = session.get(GoalGrade, (goal.id, year, key))
        views.append(GoalView(goal, rows, activities, grade, computed_grade(rows)))
    return views
