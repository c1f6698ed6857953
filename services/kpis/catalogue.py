"""Which service computes which KPI code: the one list the Översikt cards and `cli.py kpi` share."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from services.economy import budget
from services.flow import deadlines, inflow
from services.placements import placements
from services.staffing import staffing, workload
from services.core.kpi import KpiResult
from services.core.scope import Filters

KPI_FUNCTIONS: dict[str, Callable[[Session, Filters], KpiResult]] = {
    "INFLOW": inflow.inflow,
    "ASSESS_14D": deadlines.assess_14d,
    "PROTECT_24H": deadlines.protect_24h,
    "TALK_48H": deadlines.talk_48h,
    "INVEST_4M": deadlines.invest_4m,
    "INVEST_DAYS": deadlines.invest_days,
    "REREFERRAL_12M": deadlines.rereferral_12m,
    "PLACEMENTS": placements.placements_kpi,
    "NOT_CARRIED_3M": deadlines.not_carried_3m,
    "CASELOAD": deadlines.caseload,
    "SICK_LEAVE": staffing.sick_leave,
    "TURNOVER": staffing.turnover,
    "VACANCY": staffing.vacancy,
    "WORKLOAD_OVER": workload.workload_over,
    "BUDGET_DEV": budget.budget_dev,
    "FORECAST_DEV": budget.forecast_dev,
}


def compute(session: Session, code: str, filters: Filters) -> KpiResult:
    return KPI_FUNCTIONS[code](session, filters)


def compute_all(session: Session, filters: Filters) -> dict[str, KpiResult]:
    return {code: function(session, filters) for code, function in KPI_FUNCTIONS.items()}
