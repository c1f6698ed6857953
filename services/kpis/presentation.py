"""What the shared screen shows: one message per area, its series, no names or ids, small counts masked.

Used by presentation mode (APT and ledningsgrupp). Every slide is computed from the
store for the chosen scope and period; counts from 1 to 4 never leave this module
as numbers, so nobody in the room can work out who a figure is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from services.core.periods import chart_window, short_date
from services.core.scope import Filters
from services.core.secrecy import MASK, MIN_COUNT, is_small, masked_count
from services.economy import budget
from services.flow import deadlines, inflow
from services.kpis import catalogue
from services.placements import placements
from services.staffing import staffing, workload


@dataclass
class Series:
    name: str
    values: list[float | None]  # None where masked or missing
    labels: list[str] = field(default_factory=list)  # the text on each point ("<5" where masked)


@dataclass
class Slide:
    area: str
    message: str  # the one thing the room should take away, as the slide's title
    categories: list  # dates (months) or labels
    series: list[Series]
    kind: str = "bar"  # bar | line | hbar
    is_share: bool = False
    target: float | None = None
    note: str = ""
    unit: str = ""  # share | count | amount | days | ratio (default: share if is_share else count)
    decimals: int = 0  # as the title writes the value (sick leave: 5,3 %)
    better: str | None = "higher"
    zoom: bool = False  # the value axis follows the values (sick leave moves within a few per cent)
    current: int | None = None  # index of the period's month among the categories
    kpi_area: str = ""  # the catalogue's area it belongs to (catalogue.AREAS), where a report places it

    def __post_init__(self) -> None:
        if not self.unit:
            self.unit = "share" if self.is_share else "count"


def _count_series(name: str, counts: list[int | None]) -> Series:
    masked = [masked_count(c) for c in counts]
    return Series(name, [c if isinstance(c, int) else None for c in masked], ["" if c is None else str(c) for c in masked])


def _share_series(name: str, numerators: list[int], denominators: list[int]) -> Series:
    """Shares whose denominator is under 5 are hidden: a share of 1 of 3 points at a person."""
    values = [n / d if d and d >= MIN_COUNT else None for n, d in zip(numerators, denominators)]
    labels = [f"{MASK} ärenden" if d and d < MIN_COUNT else "" for d in denominators]
    return Series(name, values, labels)


def _change(now: float, before: float | None) -> str:
    if not before:
        return ""
    change = (now - before) / before
    if abs(change) < 0.005:
        return "lika många som samma period i fjol"
    return f"{'fler' if change > 0 else 'färre'} än samma period i fjol ({_pct(abs(change))})"


def inflow_slide(session: Session, filters: Filters) -> Slide:
    window = filters.with_period(chart_window(filters.period))
    frame = inflow.same_month_last_year(session, window)
    result = inflow.inflow(session, filters)
    before = inflow.inflow(session, filters.with_period(filters.period.year_earlier()))
    total = result.numerator or 0
    message = f"{_number(masked_count(total))} aktualiseringar {filters.period.label}"
    change = _change(total, before.numerator)
    message += f", {change}" if change else ""
    return Slide("Inflöde", message, list(frame["month"].dt.date), [
        _count_series("I år", [int(c) for c in frame["count"]]),
        _count_series("Samma månad i fjol", [None if c is None or c != c else int(c) for c in frame["last_year"]]),
    ], current=_current(frame, filters), kpi_area="flow")


def deadline_slide(session: Session, filters: Filters, code: str, area: str, what: tuple[str, str]) -> Slide:
    """`what` in its two forms, for the titles: ("förhandsbedömningar", "förhandsbedömningarna")."""
    some, the = what
    window = filters.with_period(chart_window(filters.period))
    frame = deadlines.compliance_by_month(session, window, code)
    result = catalogue.compute(session, code, filters)
    if result.value is None:
        message = f"Inga {some} att följa upp {filters.period.label}"
    elif is_small(result.denominator):  # 2 of 3 points at people: the title says only that they were few
        message = f"Färre än {MIN_COUNT} {some} {filters.period.label} – andelen visas inte"
    else:
        message = f"{_pct(result.value)} av {the} klara i tid {filters.period.label}"
        if result.target is not None:
            message += " – målet nås" if result.status == "uppfyllt" else f" – målet är {_pct(result.target)}"
    return Slide(area, message, list(frame["month"].dt.date),
                 [_share_series("Andel i tid", list(frame["numerator"]), list(frame["denominator"]))],
                 kind="line", is_share=True, target=result.target, better="higher",
                 current=_current(frame, filters), kpi_area="flow")


def _current(frame, filters: Filters) -> int | None:
    months = [m.date() if hasattr(m, "date") else m for m in frame["month"]] if "month" in frame else []
    wanted = filters.period.end.replace(day=1)
    return next((i for i, m in enumerate(months) if m == wanted), None)


def placements_slide(session: Session, filters: Filters) -> Slide:
    """Ongoing placements at the period's end by kind."""
    stock = placements.stock_by_month(session, filters.with_period(chart_window(filters.period)))
    last = stock[stock["month"] == stock["month"].max()] if not stock.empty else stock
    by_kind = last.groupby("label")["count"].sum().sort_values(ascending=False)
    total = int(by_kind.sum()) if not by_kind.empty else 0
    message = f"{_number(masked_count(total))} placeringar pågår vid periodens slut" if total else "Inga pågående placeringar"
    return Slide("Placeringar", message, list(by_kind.index),
                 [_count_series("Pågående placeringar", [int(v) for v in by_kind.values])], kind="hbar",
                 kpi_area="placements")


def staffing_slide(session: Session, filters: Filters) -> Slide:
    frame = staffing.sick_leave_by_month(session, filters.with_period(chart_window(filters.period)))
    result = catalogue.compute(session, "SICK_LEAVE", filters)
    over = catalogue.compute(session, "WORKLOAD_OVER", filters)
    parts = []
    decimals = catalogue.get("SICK_LEAVE").decimals
    if result.value is not None:
        parts.append(f"sjukfrånvaro {_pct(result.value, decimals)}")
    if over.value is not None and not is_small(over.denominator):
        parts.append(f"{_pct(over.value)} över rimlig arbetstyngd vid senaste mätningen")
    message = ("Personal: " + ", ".join(parts)) if parts else "Personal: inga uppgifter i perioden"
    return Slide("Personal och arbetstyngd", message, list(frame["month"].dt.date),
                 [Series("Sjukfrånvaro", [None if v != v else float(v) for v in frame["share"]], [""] * len(frame))],
                 kind="line", is_share=True, target=result.target, decimals=decimals, better="lower", zoom=True,
                 current=_current(frame, filters), kpi_area="staffing")


def workload_slide(session: Session, filters: Filters) -> Slide | None:
    trend = workload.group_trend(session, filters.with_period(chart_window(filters.period)), by="team")
    if trend.empty:
        return None
    latest = workload.mask_small_groups(trend[trend["measured_on"] == trend["measured_on"].max()])
    day: dt.date = latest["measured_on"].iloc[0]
    target = catalogue.compute(session, "WORKLOAD_OVER", filters).target
    message = f"Andel över rimlig arbetstyngd per arbetsgrupp vid mätningen {short_date(day)} {day.year}"
    values = [None if v is None or v != v else float(v) for v in latest["share_over"]]
    labels = [f"{MASK} mätta" if v is None else f"{_pct(v)} av {t}" for v, t in zip(values, latest["n_text"])]
    return Slide("Arbetstyngd", message, list(latest["group"]), [Series("Andel över gränsen", values, labels)],
                 kind="hbar", is_share=True, target=target, better="lower", kpi_area="staffing",
                 note="Gränsen är rimlig arbetstyngd för var och ens erfarenhetsnivå. Grupper med färre än fem mätta visas utan siffror.")


def economy_slide(session: Session, filters: Filters) -> Slide | None:
    frame = budget.by_category(session, filters)
    if frame.empty:
        return None
    net = frame[frame["category"] == "netto"]
    rows = frame[frame["category"] != "netto"]
    dev = float(net["dev_ytd"].iloc[0]) if not net.empty and net["dev_ytd"].notna().all() else None
    if dev is None:
        message = "Ekonomi: inget utfall ännu i år"
    else:
        word = "bättre" if dev >= 0 else "sämre"
        message = f"Ekonomi hittills i år: {abs(dev) / 1e6:.1f} mnkr {word} än budget".replace(".", ",")
    return Slide("Ekonomi", message, list(rows["label"]),
                 [Series("Avvikelse hittills i år", [None if v != v else float(v) for v in rows["dev_ytd"]],
                         [""] * len(rows))], kind="hbar", unit="amount", note="Positivt = bättre än budget.",
                 kpi_area="economy")


def slides(session: Session, filters: Filters) -> list[Slide]:
    """The APT sequence for a scope and period: inflow, deadlines, placements, staffing, workload, economy."""
    made = [
        inflow_slide(session, filters),
        deadline_slide(session, filters, "ASSESS_14D", "Förhandsbedömningar inom 14 dagar",
                       ("förhandsbedömningar", "förhandsbedömningarna")),
        deadline_slide(session, filters, "INVEST_4M", "Utredningar inom 4 månader", ("utredningar", "utredningarna")),
        placements_slide(session, filters),
        staffing_slide(session, filters),
        workload_slide(session, filters),
        economy_slide(session, filters),
    ]
    return [s for s in made if s is not None]


def _number(value: int | str) -> str:
    """Swedish thousands separator (a narrow no-break space), for the titles."""
    return f"{value:,}".replace(",", "\u00a0") if isinstance(value, int) else str(value)


def _pct(value: float, decimals: int = 0) -> str:
    return f"{value * 100:.{decimals}f}\u00a0%".replace(".", ",")

