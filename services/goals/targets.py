"""Targets per KPI, scope and period, edited in the app (targets.csv imports the same table)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Target, Unit
from services.access import audit
from services.access.permissions import SignedIn, require_role, require_unit
from services.access.roles import MUNICIPAL_TARGET_ROLES, TARGET_ROLES
from services.core.scope import unit_of_team
from services.kpis import catalogue

PERIODS = ("", "T1", "T2")  # '' = the whole year


class TargetError(ValueError):
    """A Swedish message naming the row of the editor that is wrong."""


def for_scope(session: Session, year: int, scope: str) -> pd.DataFrame:
    """kpi_code, period, target, warn for one scope ('' = the whole municipality, KF's) and year."""
    rows = session.execute(select(Target.kpi_code, Target.period, Target.target, Target.warn)
                           .where(Target.year == year, Target.scope == scope).order_by(Target.kpi_code, Target.period)).all()
    return pd.DataFrame(rows, columns=["kpi_code", "period", "target", "warn"])


def _check(rows: list[dict]) -> list[tuple[str, str, float, float | None]]:
    checked, seen = [], set()
    for number, row in enumerate(rows, start=1):
        code, period = str(row.get("kpi_code") or "").strip(), str(row.get("period") or "").strip()
        if code not in catalogue.codes():
            raise TargetError(f"Rad {number}, kolumn nyckeltal: okänt nyckeltal '{code}'.")
        if period not in PERIODS:
            raise TargetError(f"Rad {number}, kolumn period: '{period}' ska vara tom (helår), T1 eller T2.")
        if (code, period) in seen:
            raise TargetError(f"Rad {number}: {code} {period or 'helår'} finns två gånger.")
        seen.add((code, period))
        try:
            target = float(row["target"])
            warn = None if row.get("warn") in (None, "") or pd.isna(row.get("warn")) else float(row["warn"])
        except (TypeError, ValueError, KeyError):
            raise TargetError(f"Rad {number}, kolumn mål: ett tal behövs.") from None
        if target != target:
            raise TargetError(f"Rad {number}, kolumn mål: ett tal behövs.")
        kpi = catalogue.get(code)
        if kpi.is_share and not kpi.signed and not 0 <= target <= 1:
            raise TargetError(f"Rad {number}, kolumn mål: {code} är en andel och ska ligga mellan 0 och 1 (t.ex. 0,9).")
        checked.append((code, period, target, warn))
    return checked


def may_change(session: Session, actor: SignedIn, scope: str) -> None:
    """KF's targets (scope '') are the administrator's; a unit's or team's, also its enhetschef's."""
    if scope == "":
        require_role(actor, MUNICIPAL_TARGET_ROLES, "ändra målen för hela kommunen (KF)")
        return
    unit = scope if session.get(Unit, scope) is not None else unit_of_team(session, scope)
    require_unit(actor, TARGET_ROLES, unit, "ändra mål")


def replace_for_scope(session: Session, year: int, scope: str, rows: list[dict], actor: SignedIn) -> int:
    """Replace a scope's targets for a year with the edited rows, all or nothing; returns the number saved."""
    may_change(session, actor, scope)
    username = actor.username
    checked = _check(rows)
    session.execute(delete(Target).where(Target.year == year, Target.scope == scope))
    session.add_all(Target(kpi_code=c, scope=scope, year=year, period=p, target=t, warn=w) for c, p, t, w in checked)
    audit.record(session, username, "andring", f"mål {scope or 'kommunen'} {year}", f"{len(checked)} rader")
    return len(checked)
