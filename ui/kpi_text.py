"""A KPI as Swedish text: value, the counts behind it, target and status."""

from __future__ import annotations

from services.core.kpi import DAY_KPIS, RATIO_KPIS, SHARE_KPIS, STATUSES, KpiResult
from ui import format as fmt


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


STATUS_MARKS = {"uppfyllt": "✔ Uppfyllt", "delvis": "◐ Delvis", "ej_uppfyllt": "✖ Ej uppfyllt",
                "saknar_mal": "– Inget mål", "saknar_varde": "– Inget värde"}


def indicator_value(row, value: float | None, with_count: bool = False) -> str:
    """An indicator's value the way the reports write it: a share with the count behind it, n for surveys."""
    if value is None:
        return fmt.DASH
    if row.kpi_code:
        text = value_text(row.kpi_code, value)
    else:
        text = fmt.share(value) if row.is_share else fmt.number(value, 1)
    if with_count and row.kpi_code in ("BUDGET_DEV", "FORECAST_DEV") and row.denominator:
        text += f" ({fmt.msek(row.numerator)} mot budget {fmt.msek(row.denominator)})"
    elif with_count and row.kpi_code and row.denominator and row.is_share:
        unit = " timmar" if row.kpi_code == "SICK_LEAVE" else ""
        text += f" ({fmt.number(row.numerator)} av {fmt.number(row.denominator)}{unit})"
    if with_count and row.n:
        text += f" (n = {row.n})"
    return text


INDICATOR_COLUMNS = ["Indikator", "Periodens utfall", "Pojkar", "Flickor", "Föregående år", "Årsmål", "KF:s årsmål", "Status"]


def indicator_table(rows) -> list[dict[str, str]]:
    """The indicator table in the tertial reports' own layout (services.goals.IndicatorRow in, text out)."""
    return [dict(zip(INDICATOR_COLUMNS, [
        r.name, indicator_value(r, r.value, with_count=True), indicator_value(r, r.boys), indicator_value(r, r.girls),
        indicator_value(r, r.previous_year), indicator_value(r, r.year_target), indicator_value(r, r.kf_target),
        STATUS_MARKS[r.status]])) for r in rows]
