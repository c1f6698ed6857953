"""A KPI as Swedish text: value, the counts behind it, target and status, all read off the catalogue."""

from __future__ import annotations

import re

from services.core.kpi import KpiResult
from services.kpis import catalogue
from ui.output import format as fmt
from ui.output.status import STATUS


def value_text(code: str, value: float | None) -> str:
    """The value in the KPI's own kind: '83 %', '5,6 %', '112 dagar', '3,4', '14'."""
    if value is None:
        return fmt.DASH
    kpi = catalogue.get(code)
    if kpi.kind == catalogue.SHARE:
        return fmt.share(value, kpi.decimals)
    if kpi.kind == catalogue.DAYS:
        return f"{fmt.number(value, kpi.decimals)} dagar"
    if kpi.kind == catalogue.AMOUNT:
        return fmt.msek(value)
    return fmt.number(value, kpi.decimals)


_PLACEHOLDER = re.compile(r"\{([nd])(?::(\w+))?\}")


def _count(value: float | None, how: str | None) -> str:
    """A count behind a value, with a real minus sign: 'utfall −1,9 mnkr mot budget −1,8 mnkr'."""
    if how == "mnkr":
        return fmt.signed_msek(value)
    return fmt.signed_number(value, int(how) if how else 0)


def basis_text(result: KpiResult) -> str:
    """The count behind the value, from the catalogue's template: '102 av 123', 'median av 57 utredningar'."""
    basis = catalogue.get(result.code).basis
    if basis is None:
        return ""
    if basis.needs == "numerator" and result.numerator is None or basis.needs == "denominator" and not result.denominator:
        return ""
    counts = {"n": result.numerator, "d": result.denominator}
    return _PLACEHOLDER.sub(lambda m: _count(counts[m.group(1)], m.group(2)), basis.template)


def preliminary_text(result: KpiResult) -> str:
    """What the period's own cohort shows so far, beside (never instead of) the value."""
    part = result.preliminary
    if part is None or part.value is None:
        return ""
    return f"preliminärt för periodens egen kohort: {value_text(result.code, part.value)} ({fmt.number(part.numerator)} av {fmt.number(part.denominator)})"


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
        + f" – {target_text(result)} – {STATUS[result.status].word}"
        + (f" ({result.note})" if result.note else "")
    )


def indicator_value(row, value: float | None, with_count: bool = False) -> str:
    """An indicator's value the way the reports write it: a share with the count behind it, n for surveys."""
    if value is None:
        return fmt.DASH
    if row.kpi_code:
        text = value_text(row.kpi_code, value)
    else:
        text = fmt.share(value) if row.is_share else fmt.number(value, 1)
    basis = indicator_basis(row, value) if with_count else ""
    return f"{text} ({basis})" if basis else text


def indicator_basis(row, value: float | None = None) -> str:
    """What an indicator's share rests on: '2 av 3', 'utfall −1,9 mnkr mot budget −1,8 mnkr', 'n = 40'."""
    if row.kpi_code and row.is_share:
        return basis_text(KpiResult(row.kpi_code, row.name, None, row.value if value is None else value, row.numerator,
                                    row.denominator))
    return f"n = {row.n}" if row.n else ""


INDICATOR_COLUMNS = ["Indikator", "Periodens utfall", "Pojkar", "Flickor", "Föregående år", "Årsmål", "KF:s årsmål", "Status"]


def indicator_table(rows) -> list[dict[str, str]]:
    """The indicator table in the tertial reports' own layout (services.goals.IndicatorRow in, text out)."""
    return [dict(zip(INDICATOR_COLUMNS, [
        r.name, indicator_value(r, r.value, with_count=True), indicator_value(r, r.boys), indicator_value(r, r.girls),
        indicator_value(r, r.previous_year), indicator_value(r, r.year_target), indicator_value(r, r.kf_target),
        STATUS[r.status].mark])) for r in rows]
