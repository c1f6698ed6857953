"""A KPI as Swedish text: value, the counts behind it, target and status."""

from __future__ import annotations

from services.kpi import STATUSES, KpiResult
from ui import format as fmt

SHARE_KPIS = {"ASSESS_14D", "PROTECT_24H", "TALK_48H", "INVEST_4M", "REREFERRAL_12M", "SICK_LEAVE",
              "TURNOVER", "WORKLOAD_OVER", "BUDGET_DEV", "FORECAST_DEV"}
DAY_KPIS = {"INVEST_DAYS"}
RATIO_KPIS = {"CASELOAD", "VACANCY"}


def value_text(code: str, value: float | None) -> str:
    if value is None:
        return fmt.DASH
    if code == "SICK_LEAVE":
        return fmt.share(value, 1)  # tenths matter: 5,6 % against a target of 5,7 %
    if code in SHARE_KPIS:
        return fmt.share(value)
    if code in DAY_KPIS:
        return f"{fmt.number(value)} dagar"
    if code in RATIO_KPIS:
        return fmt.number(value, 1)
    return fmt.number(value)


def basis_text(result: KpiResult) -> str:
    """The count behind the value: '102 av 123', 'av 57 utredningar', '14 st'."""
    if result.code in ("BUDGET_DEV", "FORECAST_DEV") and result.denominator:
        what = "utfall" if result.code == "BUDGET_DEV" else "prognos"
        return f"{what} {fmt.msek(result.numerator)} mot budget {fmt.msek(result.denominator)}"
    if result.code == "SICK_LEAVE" and result.denominator:
        return f"{fmt.number(result.numerator)} av {fmt.number(result.denominator)} timmar"
    if result.code == "TURNOVER" and result.denominator:
        return f"{fmt.number(result.numerator)} slutat, i snitt {fmt.number(result.denominator)} anställda"
    if result.code == "VACANCY" and result.numerator is not None:
        return f"{fmt.number(result.numerator, 1)} budgeterade, {fmt.number(result.denominator, 1)} tillsatta årsarbetare"
    if result.code in SHARE_KPIS and result.denominator:
        return f"{fmt.number(result.numerator)} av {fmt.number(result.denominator)}"
    if result.code in DAY_KPIS and result.denominator:
        return f"median av {fmt.number(result.denominator)} utredningar"
    if result.code == "CASELOAD" and result.denominator:
        return f"{fmt.number(result.numerator)} utredningar / {fmt.number(result.denominator, 1)} årsarbetare"
    return ""


def target_text(result: KpiResult) -> str:
    if result.target is None:
        return "inget mål"
    comparator = "≥" if result.better == "higher" else "≤"
    return f"mål {comparator} {value_text(result.code, result.target)}"


def kpi_line(result: KpiResult) -> str:
    basis = basis_text(result)
    return (
        f"{result.name}: {value_text(result.code, result.value)}"
        + (f" ({basis})" if basis else "")
        + f" – {target_text(result)} – {STATUSES[result.status]}"
    )
