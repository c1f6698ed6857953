"""The shared filter every service takes: which unit or team, which period, and what the user may see.

Access is part of the filter so that every query a page makes is limited to the
signed-in user's scope in the service itself, not only by hiding pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import Select, case, false, select, true
from sqlalchemy.orm import Session, aliased

from models import Team, Unit
from services.core.periods import Period


@dataclass(frozen=True)
class Access:
    """What a user may see.

    units: the units whose figures are visible (None: every unit).
    detail_teams: the teams whose pseudonymous ids and staff names are visible
    (None: every team within `units`; an empty set: none, aggregates only).
    """

    units: frozenset[str] | None = None
    detail_teams: frozenset[str] | None = None

    @property
    def aggregates_only(self) -> bool:
        return self.detail_teams is not None and not self.detail_teams


FULL_ACCESS = Access()  # the command line and services' own tests: the operator owns the store


@dataclass(frozen=True)
class Filters:
    period: Period
    unit_code: str | None = None  # None = every unit the user may see
    team_code: str | None = None  # None = every team of the unit
    access: Access = field(default=FULL_ACCESS)

    @property
    def scope_code(self) -> str:
        """The code targets are set for: the team, else the unit, else '' (all)."""
        return self.team_code or self.unit_code or ""

    def with_period(self, period: Period) -> Filters:
        """The same scope and access over another period (trends, last year, rolling windows)."""
        return replace(self, period=period)

    def for_unit(self, unit_code: str | None) -> Filters:
        """The same period and access for a whole unit (e.g. unit-level forecasts)."""
        return replace(self, unit_code=unit_code, team_code=None)


def team_codes(filters: Filters) -> Select | None:
    """A subquery of the team codes in scope, or None when everything is in scope."""
    query = select(Team.team_code)
    if filters.team_code:
        query = query.where(Team.team_code == filters.team_code)
    elif filters.unit_code:
        query = query.where(Team.unit_code == filters.unit_code)
    elif filters.access.units is None:
        return None
    if filters.access.units is not None:
        query = query.where(Team.unit_code.in_(sorted(filters.access.units)))
    return query


def restrict(query: Select, team_column, filters: Filters) -> Select:
    """Limit a query to the teams in scope and allowed (a no-op for 'all units' with full access)."""
    teams = team_codes(filters)
    return query if teams is None else query.where(team_column.in_(teams.scalar_subquery()))


def restrict_detail(query: Select, team_column, filters: Filters) -> Select:
    """Limit a list with pseudonymous ids or names to the scope and to the teams the user may see in detail."""
    return detail_only(restrict(query, team_column, filters), team_column, filters)


def detail_only(query: Select, team_column, filters: Filters) -> Select:
    """The detail part of `restrict_detail`, for queries already limited to the scope."""
    return query if filters.access.detail_teams is None else query.where(in_detail(team_column, filters))


def in_detail(team_column, filters: Filters):
    """Whether a team is one the user sees in detail (pseudonymous ids, staff names): the one rule, as SQL.

    `detail_only` keeps a list's rows by it; a list can also ask it of a second team, such as the team
    of the staff member named on a row, to show that person's name or only the code.
    """
    detail = filters.access.detail_teams
    if detail is None:
        return true()
    if not detail:
        return false()
    return team_column.in_(sorted(detail))


def unit_of_team(session: Session, team_code: str) -> str | None:
    """The one team→unit lookup (targets, budget scope)."""
    return session.scalar(select(Team.unit_code).where(Team.team_code == team_code))


def units_in_scope(session: Session, filters: Filters) -> list[str] | None:
    """Units in scope and allowed to the user, for tables kept per unit (the budget); None = all."""
    if filters.team_code:
        chosen = [unit_of_team(session, filters.team_code)]
    elif filters.unit_code:
        chosen = [filters.unit_code]
    else:
        chosen = None
    allowed = filters.access.units
    if allowed is None:
        return chosen
    return sorted(allowed) if chosen is None else [unit for unit in chosen if unit in allowed]


def team_label(unit_code: str | None, access: Access):
    """A team's name as charts and the team picker show it: with its unit's name when the scope spans several
    units and another team has the same name (every stadsdel has its Mottagningsgruppen), so bars are never
    merged and a choice is never ambiguous."""
    one_unit = unit_code is not None or (access.units is not None and len(access.units) == 1)
    if one_unit:
        return Team.team_name
    other = aliased(Team)
    shared = select(other.team_code).where(other.team_name == Team.team_name, other.team_code != Team.team_code).exists()
    unit_name = select(Unit.unit_name).where(Unit.unit_code == Team.unit_code).scalar_subquery()
    return case((shared, Team.team_name + " · " + unit_name), else_=Team.team_name)
