"""Who may change what: the write half of the README's role table, enforced where the change is written.

Every service that writes takes the actor – the signed-in user (`SignedIn`) on a page, `operator(...)`
on the command line and in the sample loader – and checks the role and the scope here before it writes
anything. A refusal is a `NotPermitted` (a PermissionError) with a Swedish message for the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Staff, Team
from services.access.roles import OPERATOR, ROLES
from services.core.scope import FULL_ACCESS, Access


@dataclass(frozen=True)
class SignedIn:
    """Who acts: the account's name, role and what the role's scope opens."""

    username: str
    display_name: str
    role: str
    access: Access

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, "Systemet")


def operator(name: str = "system") -> SignedIn:
    """The command line and the sample loader: the person who runs them owns the store."""
    return SignedIn(name, name, OPERATOR, FULL_ACCESS)


SYSTEM = operator()


class NotPermitted(PermissionError):
    """The actor's role or scope does not cover the change (a Swedish message for the page)."""


def _actor(actor: object) -> SignedIn:
    if not isinstance(actor, SignedIn):  # a bare user name would say nothing about role or scope
        raise TypeError(f"en ändring behöver den inloggade användaren (SignedIn), inte {type(actor).__name__}")
    return actor


def require_role(actor: SignedIn, roles: frozenset[str], what: str) -> None:
    """The role may make this kind of change at all ('what' completes 'får inte …')."""
    actor = _actor(actor)
    if actor.role == OPERATOR:
        return
    if actor.role not in roles:
        raise NotPermitted(f"Rollen {actor.role_label} får inte {what}.")


def _unit_open(actor: SignedIn, unit_code: str | None) -> bool:
    return actor.access.units is None or unit_code in actor.access.units


def require_unit(actor: SignedIn, roles: frozenset[str], unit_code: str | None, what: str) -> None:
    """The role may make the change, and the unit is within the actor's scope."""
    require_role(actor, roles, what)
    if actor.role != OPERATOR and not _unit_open(actor, unit_code):
        raise NotPermitted(f"Du får bara {what} för dina egna enheter, inte {unit_code or 'okänd enhet'}.")


def require_staff(session: Session, actor: SignedIn, roles: frozenset[str], staff_codes: list[str], what: str) -> None:
    """The role may make the change, and every person works in a team the actor sees in detail."""
    require_role(actor, roles, what)
    if actor.role == OPERATOR:
        return
    teams = dict(session.execute(
        select(Staff.staff_code, Team.team_code).join(Team, Team.team_code == Staff.team_code)
        .where(Staff.staff_code.in_(sorted(set(staff_codes))))).all())
    units = dict(session.execute(select(Team.team_code, Team.unit_code).where(Team.team_code.in_(sorted(set(teams.values()))))).all())
    detail = actor.access.detail_teams
    outside = [code for code in staff_codes if code not in teams
               or not _unit_open(actor, units.get(teams[code]))
               or (detail is not None and teams[code] not in detail)]
    if outside:
        raise NotPermitted(f"Du får bara {what} för medarbetare i dina egna arbetsgrupper, inte {', '.join(sorted(set(outside)))}.")
