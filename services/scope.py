"""The shared filter every service takes: which unit or team, which period."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import Team
from services.periods import Period


@dataclass(frozen=True)
class Filters:
    period: Period
    unit_code: str | None = None  # None = every unit the user may see
    team_code: str | None = None  # None = every team of the unit

    @property
    def scope_code(self) -> str:
        """The code targets are set for: the team, else the unit, else '' (all)."""
        return self.team_code or self.unit_code or ""


def team_codes(filters: Filters) -> Select | None:
    """A subquery of the team codes in scope, or None when everything is in scope."""
    if filters.team_code:
        return select(Team.team_code).where(Team.team_code == filters.team_code)
    if filters.unit_code:
        return select(Team.team_code).where(Team.unit_code == filters.unit_code)
    return None


def restrict(query: Select, team_column, filters: Filters) -> Select:
    """Limit a query to the teams in scope (a no-op for 'all units')."""
    teams = team_codes(filters)
    return query if teams is None else query.where(team_column.in_(teams.scalar_subquery()))


def unit_of_team(session: Session, team_code: str) -> str | None:
    return session.scalar(select(Team.unit_code).where(Team.team_code == team_code))
