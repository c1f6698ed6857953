"""Decisions not carried out: insatser decided more than 3 months ago and not yet started (NOT_CARRIED_3M).

Reported quarterly to IVO and the nämnd (SoL 16:6 f). Counted on a day: the period's last day for
the KPI, each month end for its series.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Intervention
from services.core.gender import INTERVENTION_GENDER
from services.core.kpi import GENDERS_REPORTED, Measured, Part
from services.core.month_ends import sums_at_month_ends
from services.core.periods import month_end, shift_months
from services.core.scope import Filters, restrict


def not_carried_conditions(day: dt.date) -> list:
    cutoff = shift_months(day, -3)
    return [
        Intervention.decision_date < cutoff,
        or_(Intervention.start_date.is_(None), Intervention.start_date > day),
        or_(Intervention.end_date.is_(None), Intervention.end_date > day),
    ]


def not_carried_3m(session: Session, filters: Filters) -> Measured:
    """NOT_CARRIED_3M: decisions older than 3 months not carried out on the period's last day.

    Zero is a real (good) value here; there is no value only when the scope has no
    decisions at all by that day.
    """
    day = filters.period.end
    late = restrict(
        select(INTERVENTION_GENDER, func.count()).where(*not_carried_conditions(day)).group_by(INTERVENTION_GENDER),
        Intervention.team_code, filters,
    )
    counts = dict(session.execute(late).all())
    decided = session.scalar(
        select(restrict(select(Intervention.intervention_id).where(Intervention.decision_date <= day),
                        Intervention.team_code, filters).exists())
    )
    count = sum(counts.values())
    total = Part(count if decided else None, count, None)
    by_gender = {g: Part(counts.get(g, 0), counts.get(g, 0), None) for g in GENDERS_REPORTED}
    return Measured(total, by_gender)


def not_carried_by_month(session: Session, filters: Filters) -> dict[dt.date, float | None]:
    """NOT_CARRIED_3M at each month end of the period, in one conditional sum per month.

    A row counted on any month end was not started and not ended by the first one: only those are read.
    """
    first_day, last_day = month_end(filters.period.months[0]), filters.period.end
    counts = sums_at_month_ends(
        session, filters, Intervention, Intervention.team_code, not_carried_conditions,
        [Intervention.decision_date < shift_months(last_day, -3),
         (Intervention.start_date.is_(None)) | (Intervention.start_date > first_day),
         (Intervention.end_date.is_(None)) | (Intervention.end_date > first_day)],
    )
    first_decision = session.scalar(restrict(select(func.min(Intervention.decision_date)), Intervention.team_code, filters))
    return {m: (float(n) if first_decision is not None and first_decision <= month_end(m) else None)
            for m, n in zip(filters.period.months, counts)}
