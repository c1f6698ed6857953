"""Arbetstyngdsmätning: the versioned model, recording a round, and the views managers use.

Experience level comes from `profession_start` on the measurement day: ny (< 1 year),
van (1 year up to and including 3 years), erfaren (more than 3 years); an anniversary of
29 February falls on 28 February in other years. A person is over the reasonable level
(WORKLOAD_OVER) when her points exceed the green ceiling of her level in the model version
of that round, and in red when they exceed the amber ceiling as well.

WORKLOAD_OVER for a period reads the latest round on or before the period's end, no older
than six months (rounds are every other month), and names that round in its note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import case, delete, func, literal, literal_column, select, update
from sqlalchemy.orm import Session

from models import (
    Staff,
    Team,
    WorkloadCaseCount,
    WorkloadCategory,
    WorkloadLevel,
    WorkloadMeasurement,
    WorkloadModel,
    WorkloadScaleStep,
)
from services.access import audit
from services.access.permissions import SignedIn, require_role, require_staff
from services.access.roles import WORKLOAD_MODEL_ROLES, WORKLOAD_RECORD_ROLES
from services.core.kpi import Measured, Part, share
from services.core.periods import MONTH_ABBR, Period, month_end, shift_months
from services.core.scope import (
    Filters,
    detail_only,
    restrict,
    restrict_detail,
    team_label,
)
from services.core.secrecy import MIN_COUNT
from services.core.sqlfunc import add_days, full_years

NY_BEFORE_YEARS = 1  # ny until the first anniversary of the profession start
VAN_THROUGH_YEARS = 3  # van through the third anniversary, erfaren from the day after
ROUND_MAX_AGE_MONTHS = 6  # WORKLOAD_OVER reads no round older than this before the period's end


@dataclass
class ModelVersion:
    valid_from: dt.date
    name: str
    co_handled_factor: float
    categories: list[tuple[str, str, float]]  # (code, label, points)
    levels: list[tuple[str, str, int, float, float]]  # (level, label, min_years, green_max, amber_max)
    scale: list[tuple[int, str]]  # (value, label)
    id: int | None = None
    created_by: str | None = None
    created_at: dt.datetime | None = None
    extra: dict = field(default_factory=dict)

    def points(self, counts: dict[str, tuple[int, int]]) -> float:
        """Points for case counts {category: (count, of which co-handled)}; co-handled cases weigh less."""
        weights = {code: points for code, _, points in self.categories}
        total = 0.0
        for category, (count, co_handled) in counts.items():
            own = count - co_handled
            total += weights[category] * (own + co_handled * self.co_handled_factor)
        return round(total, 2)


def _load(session: Session, model: WorkloadModel) -> ModelVersion:
    categories = session.execute(
        select(WorkloadCategory.category, WorkloadCategory.label, WorkloadCategory.points)
        .where(WorkloadCategory.model_id == model.id).order_by(WorkloadCategory.position)
    ).all()
    levels = session.execute(
        select(WorkloadLevel.level, WorkloadLevel.label, WorkloadLevel.min_years, WorkloadLevel.green_max, WorkloadLevel.amber_max)
        .where(WorkloadLevel.model_id == model.id).order_by(WorkloadLevel.min_years)
    ).all()
    scale = session.execute(
        select(WorkloadScaleStep.value, WorkloadScaleStep.label).where(WorkloadScaleStep.model_id == model.id).order_by(WorkloadScaleStep.value)
    ).all()
    return ModelVersion(
        model.valid_from, model.name, model.co_handled_factor,
        [tuple(c) for c in categories], [tuple(lv) for lv in levels], [tuple(s) for s in scale],
        model.id, model.created_by, model.created_at,
    )


def model_on(session: Session, day: dt.date) -> ModelVersion:
    """The model version valid on a day (the newest version with valid_from on or before it)."""
    model = session.scalars(
        select(WorkloadModel).where(WorkloadModel.valid_from <= day).order_by(WorkloadModel.valid_from.desc()).limit(1)
    ).first()
    return _load(session, model)


def model_history(session: Session) -> list[ModelVersion]:
    return [_load(session, m) for m in session.scalars(select(WorkloadModel).order_by(WorkloadModel.valid_from))]


def last_round(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(WorkloadMeasurement.measured_on)))


class ModelError(ValueError):
    """A model change that would be wrong; the message is Swedish and meant for the user."""


def save_model_version(session: Session, version: ModelVersion, actor: SignedIn) -> int:
    """Store a new version. It may only start after the latest round, so past rounds keep their points.

    The model applies to every unit: only the roles in roles.WORKLOAD_MODEL_ROLES may change it."""
    require_role(actor, WORKLOAD_MODEL_ROLES, "ändra arbetstyngdsmodellen")
    username = actor.username
    latest = last_round(session)
    if latest is not None and version.valid_from <= latest:
        raise ModelError(
            f"En ny version måste gälla från ett datum efter den senaste mätningen ({latest.isoformat()}); "
            "tidigare mätningar räknas inte om."
        )
    if not version.categories or not version.levels or not version.scale:
        raise ModelError("Modellen måste ha minst en ärendekategori, en erfarenhetsnivå och en skala.")
    for level, label, _, green, amber in version.levels:
        if green > amber:
            raise ModelError(f"{label}: gränsen för grönt ({green}) är högre än gränsen för gult ({amber}).")
    model = WorkloadModel(
        valid_from=version.valid_from, name=version.name, co_handled_factor=version.co_handled_factor,
        created_at=dt.datetime.now(), created_by=username,
    )
    session.add(model)
    session.flush()
    for position, (code, label, points) in enumerate(version.categories):
        session.add(WorkloadCategory(model_id=model.id, category=code, label=label, points=points, position=position))
    for level, label, min_years, green, amber in version.levels:
        session.add(WorkloadLevel(model_id=model.id, level=level, label=label, min_years=min_years, green_max=green, amber_max=amber))
    for value, label in version.scale:
        session.add(WorkloadScaleStep(model_id=model.id, value=value, label=label))
    session.flush()
    audit.record(session, username, "andring", "arbetstyngdsmodellen", f"version {model.id} från {version.valid_from}")
    return model.id


def assign_models(session: Session) -> None:
    """Give measurements without a model version the one valid on their day (imports call this)."""
    valid = (
        select(WorkloadModel.id)
        .where(WorkloadModel.valid_from <= WorkloadMeasurement.measured_on)
        .order_by(WorkloadModel.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    session.execute(update(WorkloadMeasurement).where(WorkloadMeasurement.model_id.is_(None)).values(model_id=valid))


def anniversary(start: dt.date, years: int) -> dt.date:
    """The day `years` years after `start`; 29 February's is 28 February in a year without one."""
    return shift_months(start, 12 * years)


def experience_level(profession_start: dt.date | None, day: dt.date) -> str | None:
    """ny before the first anniversary, van up to and including the third, erfaren after it.

    The same rule as `_level_expression` (the SQL the views use); tests hold them equal.
    """
    if profession_start is None:
        return None
    if day < anniversary(profession_start, NY_BEFORE_YEARS):
        return "ny"
    if day <= anniversary(profession_start, VAN_THROUGH_YEARS):
        return "van"
    return "erfaren"


@dataclass
class RoundEntry:
    staff_code: str
    counts: dict[str, tuple[int, int]]  # category -> (count, of which co-handled)
    self_rating: int | None


def record_round(session: Session, measured_on: dt.date, entries: list[RoundEntry], actor: SignedIn) -> int:
    """Store a round entered in the app: points computed by the model valid that day, counts kept.

    Only for the actor's own staff: an enhetschef's units, a biträdande enhetschef's own teams."""
    require_staff(session, actor, WORKLOAD_RECORD_ROLES, [e.staff_code for e in entries], "registrera mätningar")
    version = model_on(session, measured_on)
    scale = {value for value, _ in version.scale}
    for entry in entries:
        if entry.self_rating is not None and entry.self_rating not in scale:
            raise ModelError(f"{entry.staff_code}: egen bedömning {entry.self_rating} finns inte på skalan.")
        for category, (count, co) in entry.counts.items():
            if count < 0 or co < 0 or co > count:
                raise ModelError(f"{entry.staff_code}: antalet samhandlade ärenden kan inte vara fler än ärendena.")
    for entry in entries:
        session.execute(delete(WorkloadCaseCount).where(
            WorkloadCaseCount.measured_on == measured_on, WorkloadCaseCount.staff_code == entry.staff_code))
        session.execute(delete(WorkloadMeasurement).where(
            WorkloadMeasurement.measured_on == measured_on, WorkloadMeasurement.staff_code == entry.staff_code))
        session.add(WorkloadMeasurement(
            measured_on=measured_on, staff_code=entry.staff_code, points=version.points(entry.counts),
            self_rating=entry.self_rating, case_count=sum(c for c, _ in entry.counts.values()),
            model_id=version.id, source="app",
        ))
        for category, (count, co) in entry.counts.items():
            if count:
                session.add(WorkloadCaseCount(measured_on=measured_on, staff_code=entry.staff_code, category=category, count=count, co_handled=co))
    session.flush()
    return len(entries)


def _level_expression():
    """`experience_level` in SQL: full years on the day (ny), and on the day before (van through the anniversary)."""
    years = full_years(Staff.profession_start, WorkloadMeasurement.measured_on)
    years_the_day_before = full_years(Staff.profession_start, add_days(WorkloadMeasurement.measured_on, literal_column("-1")))
    return case(
        (Staff.profession_start.is_(None), literal("okand")),
        (years < NY_BEFORE_YEARS, literal("ny")),
        (years_the_day_before < VAN_THROUGH_YEARS, literal("van")),
        else_=literal("erfaren"),
    )


def _measured(filters: Filters, start: dt.date | None = None, end: dt.date | None = None):
    """Measurements joined with the person, her level that day and the bands of that round's model.

    Measured from `start` to `end` (the period's start and end unless given). Returns the query
    (callers add their columns) and the level expression.
    """
    level = _level_expression()
    query = (
        select()
        .select_from(WorkloadMeasurement)
        .join(Staff, Staff.staff_code == WorkloadMeasurement.staff_code)
        .join(Team, Team.team_code == Staff.team_code)
        .outerjoin(WorkloadLevel, (WorkloadLevel.model_id == WorkloadMeasurement.model_id) & (WorkloadLevel.level == level))
        .where(WorkloadMeasurement.measured_on >= (start or filters.period.start),
               WorkloadMeasurement.measured_on <= (end or filters.period.end))
    )
    return restrict(query, Staff.team_code, filters), level


def rounds(session: Session, filters: Filters) -> list[dt.date]:
    query, _ = _measured(filters)
    return sorted(set(session.scalars(query.add_columns(WorkloadMeasurement.measured_on).distinct())))


def round_detail(session: Session, filters: Filters, measured_on: dt.date) -> pd.DataFrame:
    """One round, one row per person: for the person's own managers only (names are shown). The team is named
    with its unit where another unit has a team of the same name (scope.team_label), as in the group trend."""
    query, level = _measured(filters)
    query = detail_only(query, Staff.team_code, filters).add_columns(
        WorkloadMeasurement.staff_code, Staff.display_name, team_label(filters.unit_code, filters.access).label("team"),
        level.label("level"), WorkloadMeasurement.points, WorkloadLevel.green_max, WorkloadLevel.amber_max,
        WorkloadMeasurement.self_rating, WorkloadMeasurement.case_count,
    ).where(WorkloadMeasurement.measured_on == measured_on).order_by("team", WorkloadMeasurement.points.desc())
    frame = pd.DataFrame(session.execute(query).all(), columns=[
        "staff_code", "name", "team", "level", "points", "green_max", "amber_max", "self_rating", "case_count"])
    frame["band"] = [
        "okänd" if pd.isna(amber) else "grön" if p <= green else "gul" if p <= amber else "röd"
        for p, green, amber in zip(frame["points"], frame["green_max"], frame["amber_max"])
    ]
    return frame


def _over_limit():
    """How many of the measured are over the reasonable level of their experience (green_max): WORKLOAD_OVER."""
    return func.sum(case((WorkloadMeasurement.points > WorkloadLevel.green_max, 1), else_=0))


def _in_red():
    """How many of the measured are over the amber ceiling of their experience level as well (red)."""
    return func.sum(case((WorkloadMeasurement.points > WorkloadLevel.amber_max, 1), else_=0))


def group_trend(session: Session, filters: Filters, by: str = "team") -> pd.DataFrame:
    """Per round and team (or experience level): n, mean, min, max points, how many are over the
    reasonable level (`over`, above green, as WORKLOAD_OVER) and how many of them in red (`red`, above amber)."""
    group_column = team_label(filters.unit_code, filters.access) if by == "team" else None
    query, level = _measured(filters)
    group = group_column if group_column is not None else level
    query = query.add_columns(
        WorkloadMeasurement.measured_on.label("measured_on"), group.label("group"), func.count().label("n"),
        func.avg(WorkloadMeasurement.points).label("mean"), func.min(WorkloadMeasurement.points).label("min"),
        func.max(WorkloadMeasurement.points).label("max"), _over_limit().label("over"), _in_red().label("red"),
        func.avg(WorkloadMeasurement.self_rating).label("mean_rating"),
    ).group_by(WorkloadMeasurement.measured_on, group).order_by(WorkloadMeasurement.measured_on, group)
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["measured_on", "group", "n", "mean", "min", "max", "over", "red", "mean_rating"])
    for column in ("mean", "min", "max", "mean_rating"):
        frame[column] = frame[column].astype(float)
    frame["share_over"] = frame["over"] / frame["n"]
    frame["share_red"] = frame["red"] / frame["n"]
    return frame


def mask_small_groups(frame: pd.DataFrame, min_n: int = MIN_COUNT) -> pd.DataFrame:
    """For APT and presentation: groups under `min_n` people keep their n ('<5') but lose every figure."""
    masked = frame.copy()
    small = masked["n"] < min_n
    for column in ("mean", "min", "max", "over", "share_over", "red", "share_red", "mean_rating"):
        masked[column] = masked[column].astype(object).where(~small, None)
    masked["n_text"] = [f"<{min_n}" if s else str(n) for s, n in zip(small, masked["n"])]
    return masked


def round_window(end: dt.date) -> Period:
    """The days whose rounds WORKLOAD_OVER may read for a period ending on `end`: six months back to it."""
    return Period(shift_months(end, -ROUND_MAX_AGE_MONTHS), end, "")


def round_label(day: dt.date, period_end: dt.date) -> str:
    """'mätning 15 okt'; with the year when it is not the period end's: 'mätning 15 nov 2025'."""
    return f"mätning {day.day} {MONTH_ABBR[day.month - 1]}" + (f" {day.year}" if day.year != period_end.year else "")


def round_note(day: dt.date, period_end: dt.date, red: int, measured: int) -> str:
    """WORKLOAD_OVER's note: the round it read and the share in red, 'mätning 15 okt · i rött 20 % (1 av 5)'."""
    red_share = f"{round(100 * red / measured)}\u00a0%" if measured else "–"
    return f"{round_label(day, period_end)} · i rött {red_share} ({red} av {measured})"


def _by_round(session: Session, filters: Filters, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, int, int]]:
    """Per round from `start` to `end`: (over the reasonable level, in red, measured)."""
    query, _ = _measured(filters, start, end)
    rows = session.execute(
        query.add_columns(WorkloadMeasurement.measured_on, _over_limit(), _in_red(), func.count())
        .group_by(WorkloadMeasurement.measured_on)
    ).all()
    return {day: (over or 0, red or 0, measured) for day, over, red, measured in rows}


def _latest(rounds: dict[dt.date, tuple[int, int, int]], end: dt.date) -> dt.date | None:
    window = round_window(end)
    days = [d for d in rounds if window.start <= d <= window.end]
    return max(days) if days else None


def workload_over(session: Session, filters: Filters) -> Measured:
    """WORKLOAD_OVER: share of those measured who exceed the reasonable (green) ceiling of their level,
    at the latest round on or before the period's end, no older than six months; the note names the
    round and the share in red (over the amber ceiling)."""
    end = filters.period.end
    window = round_window(end)
    by_round = _by_round(session, filters, window.start, window.end)
    day = _latest(by_round, end)
    if day is None:
        return Measured(share(0, 0), {})
    over, red, measured = by_round[day]
    return Measured(share(over, measured), {}, round_note(day, end, red, measured))


def staff_to_measure(session: Session, filters: Filters, day: dt.date) -> pd.DataFrame:
    """Socialsekreterare employed on the day in the teams in scope: who a round should cover."""
    query = restrict_detail(
        select(Staff.staff_code, Staff.display_name, Team.team_name, Staff.profession_start)
        .join(Team, Team.team_code == Staff.team_code)
        .where(Staff.role == "socialsekreterare", Staff.start_date <= day,
               (Staff.end_date.is_(None)) | (Staff.end_date >= day))
        .order_by(Team.team_name, Staff.display_name),
        Staff.team_code, filters,
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=["staff_code", "name", "team", "profession_start"])
    frame["level"] = [experience_level(p, day) for p in frame["profession_start"]]
    return frame.drop(columns="profession_start")


def workload_over_by_month(session: Session, filters: Filters) -> dict[dt.date, Part]:
    """WORKLOAD_OVER for each month of the period: the latest round on or before the month's end, within six months."""
    months = filters.period.months
    by_round = _by_round(session, filters, round_window(month_end(months[0])).start, filters.period.end)
    out = {}
    for month in months:
        day = _latest(by_round, month_end(month))
        out[month] = share(0, 0) if day is None else share(by_round[day][0], by_round[day][2])
    return out
