"""Data quality: what in the store looks wrong, with a count and examples for whoever fixes the source.

The importer refuses rows that break the contract; these checks find what is valid
row by row but implausible as a whole (a case open for years, a month a team never
reported, a placement nobody priced). Every check is an SQL count plus a few examples.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from models import Absence, BudgetLine, Intake, Intervention, Investigation, Staff
from services.core.periods import shift_months
from services.core.scope import Filters, restrict, restrict_detail, units_in_scope
from services.placements.placements import PLACEMENT

EXAMPLES = 5
NEVER_ASSESSED_DAYS = 30  # well past the 14-day limit: no longer "late", probably never registered
IMPLAUSIBLE_INVESTIGATION_DAYS = 365  # 4 months plus any extension is far below a year


@dataclass
class Check:
    key: str
    title: str
    count: int
    examples: pd.DataFrame
    who_fixes: str


def _check(session: Session, filters: Filters, key: str, title: str, who: str, base, team_column, columns: list) -> Check:
    """Count the rows of `base` in scope, and fetch a few as examples (ids only where the user may see them)."""
    count = session.scalar(select(func.count()).select_from(restrict(base, team_column, filters).subquery()))
    rows = session.execute(restrict_detail(base.with_only_columns(*columns), team_column, filters).limit(EXAMPLES)).all()
    return Check(key, title, int(count or 0), pd.DataFrame(rows, columns=[c.key for c in columns]), who)


def intakes_never_assessed(session: Session, filters: Filters, as_of: dt.date) -> Check:
    base = select(Intake.intake_id).where(
        Intake.assessment_date.is_(None), Intake.received_date <= as_of - dt.timedelta(days=NEVER_ASSESSED_DAYS))
    return _check(session, filters, "aldrig_bedomda", f"Aktualiseringar utan förhandsbedömning efter {NEVER_ASSESSED_DAYS} dagar",
                  "Mottagningen: registrera beslutet om att inleda eller inte inleda utredning i verksamhetssystemet.",
                  base, Intake.team_code, [Intake.intake_id, Intake.team_code, Intake.received_date])


def assessment_before_receipt(session: Session, filters: Filters, as_of: dt.date) -> Check:
    base = select(Intake.intake_id).where(Intake.assessment_date < Intake.received_date)
    return _check(session, filters, "bedomd_fore_inkommen", "Förhandsbedömning daterad före aktualiseringen",
                  "Mottagningen: rätta datumet för aktualiseringen eller beslutet; fristen räknas annars fel.",
                  base, Intake.team_code, [Intake.intake_id, Intake.team_code, Intake.received_date, Intake.assessment_date])


def investigations_open_too_long(session: Session, filters: Filters, as_of: dt.date) -> Check:
    base = select(Investigation.investigation_id).where(
        Investigation.end_date.is_(None), Investigation.start_date <= as_of - dt.timedelta(days=IMPLAUSIBLE_INVESTIGATION_DAYS))
    return _check(session, filters, "utredning_for_lang", f"Utredningar öppna i mer än {IMPLAUSIBLE_INVESTIGATION_DAYS} dagar",
                  "Utredningsgruppen: avsluta utredningen i systemet eller rätta startdatumet.",
                  base, Investigation.team_code,
                  [Investigation.investigation_id, Investigation.team_code, Investigation.start_date, Investigation.extended_until])


def placements_without_cost(session: Session, filters: Filters, as_of: dt.date) -> Check:
    base = select(Intervention.intervention_id).where(
        PLACEMENT, Intervention.daily_cost.is_(None), Intervention.start_date.is_not(None),
        or_(Intervention.end_date.is_(None), Intervention.end_date >= dt.date(as_of.year, 1, 1)))
    return _check(session, filters, "placering_utan_kostnad", "Placeringar i år utan dygnskostnad",
                  "Placeringsgruppen eller controllern: fyll i dygnskostnaden; placeringen saknas annars i kostnad och prognos.",
                  base, Intervention.team_code,
                  [Intervention.intervention_id, Intervention.team_code, Intervention.kind, Intervention.start_date])


def staff_without_profession_start(session: Session, filters: Filters, as_of: dt.date) -> Check:
    base = select(Staff.staff_code).where(
        Staff.role == "socialsekreterare", Staff.profession_start.is_(None), Staff.start_date <= as_of,
        or_(Staff.end_date.is_(None), Staff.end_date >= as_of))
    return _check(session, filters, "saknar_yrkesstart", "Socialsekreterare utan datum för yrkesstart",
                  "HR eller enhetschefen: ange när personen började som socialsekreterare; utan det får hon ingen "
                  "erfarenhetsnivå i arbetstyngdsmätningen.",
                  base, Staff.team_code, [Staff.staff_code, Staff.team_code, Staff.start_date])


def team_months_without_data(session: Session, filters: Filters, as_of: dt.date) -> Check:
    """Months within a team's own reporting span with no absence row (every team reports absence monthly)."""
    reported = session.execute(restrict(
        select(Absence.team_code, Absence.month).where(Absence.month <= as_of).distinct(), Absence.team_code, filters)).all()
    by_team: dict[str, set[dt.date]] = {}
    for team, month in reported:
        by_team.setdefault(team, set()).add(month.replace(day=1))
    missing = []
    for team, months in sorted(by_team.items()):
        month = min(months)
        while month <= max(months):
            if month not in months:
                missing.append((team, month))
            month = shift_months(month, 1)
    examples = pd.DataFrame(missing[:EXAMPLES], columns=["team_code", "month"])
    return Check("manad_utan_data", "Månader utan frånvarorapport för en arbetsgrupp", len(missing), examples,
                 "Lönekontoret eller HR: leverera frånvaron för månaden; sjukfrånvaron räknas annars för lågt.")


def budget_months_without_actual(session: Session, filters: Filters, as_of: dt.date) -> Check:
    """Budget rows in closed months (up to the newest month with any utfall) that have no utfall."""
    units = units_in_scope(session, filters)
    scoped = (lambda q: q) if units is None else (lambda q: q.where(BudgetLine.unit_code.in_(units)))
    closed = session.scalar(scoped(select(func.max(BudgetLine.month)).where(BudgetLine.actual.is_not(None))))
    if closed is None:
        return Check("budget_utan_utfall", "Budgetrader utan utfall i stängda månader", 0, pd.DataFrame(), "")
    condition = and_(BudgetLine.actual.is_(None), BudgetLine.month <= closed)
    count = session.scalar(scoped(select(func.count()).select_from(BudgetLine).where(condition)))
    rows = session.execute(scoped(select(BudgetLine.unit_code, BudgetLine.month, BudgetLine.category).where(condition))
                           .order_by(BudgetLine.month).limit(EXAMPLES)).all()
    return Check("budget_utan_utfall", "Budgetrader utan utfall i stängda månader", int(count or 0),
                 pd.DataFrame(rows, columns=["unit_code", "month", "category"]),
                 "Controllern: leverera utfallet för månaden, eller 0 om kategorin inte hade några kostnader.")


CHECKS = [intakes_never_assessed, assessment_before_receipt, investigations_open_too_long, placements_without_cost,
          staff_without_profession_start, team_months_without_data, budget_months_without_actual]


def report(session: Session, filters: Filters, as_of: dt.date | None = None) -> list[Check]:
    """Every check for the scope, as of a day (default: the end of the chosen period)."""
    as_of = as_of or filters.period.end
    return [check(session, filters, as_of) for check in CHECKS]
