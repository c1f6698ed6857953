"""Reporting periods as the municipal reports use them, and the day their figures hold for.

A month (`YYYY-MM`), T1 = January–April, T2 = January–August, helår = the whole
year; tertial periods are cumulative from 1 January. A period that has not ended when the
data does (helår in November) is *partial*: it runs to the data date, its label says so
("helår 2026 t.o.m. 30 nov"), and a comparison with last year takes the same days a year
earlier — never a day that has not come.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PERIOD_KINDS = ("månad", "T1", "T2", "helår")
MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)
MONTH_ABBR = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive: the day the figures hold for
    label: str
    full_end: dt.date | None = None  # a partial period's own last day (end is then the data date)

    @property
    def complete(self) -> bool:
        return self.full_end is None

    @property
    def nominal_end(self) -> dt.date:
        """The last day of the period as named (T2 → 31 Aug), whatever day its figures hold for."""
        return self.full_end or self.end

    @property
    def months(self) -> list[dt.date]:
        """First day of each month in the period."""
        out, day = [], self.start.replace(day=1)
        while day <= self.end:
            out.append(day)
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out

    def year_earlier(self) -> Period:
        """The same period a year earlier: every comparison with last year goes through here.

        A whole month ends on the month's last day a year earlier too (29 Feb → 28 Feb); a partial
        period ends on the same day a year earlier (1 jan–30 nov 2025 for helår 2026 t.o.m. 30 nov).
        """
        whole_month = self.complete and self.end == month_end(self.end)
        return Period(shift_months(self.start, -12), shift_months(self.end, -12, end=whole_month), "")


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period(year: int, kind: str = "helår", month: int | None = None) -> Period:
    """The period for a year and a kind ('månad' needs the month)."""
    if kind == "månad":
        if month is None:
            raise ValueError("månad kräver en månad")
        start = dt.date(year, month, 1)
        return Period(start, month_end(start), f"{MONTH_NAMES[month - 1]} {year}")
    last_month = {"T1": 4, "T2": 8, "helår": 12}[kind]
    label = f"{kind} {year}" if kind != "helår" else f"helår {year}"
    return Period(dt.date(year, 1, 1), month_end(dt.date(year, last_month, 1)), label)


def parse_period(year: int, text: str | None) -> Period:
    """The command line's --period: empty = helår, T1, T2 or YYYY-MM."""
    if not text or text.lower() in ("helår", "helar"):
        return period(year, "helår")
    upper = text.upper()
    if upper in ("T1", "T2"):
        return period(year, upper)
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return period(int(match.group(1)), "månad", int(match.group(2)))
    raise ValueError(f"okänd period: {text} (använd T1, T2, ÅÅÅÅ-MM eller tomt för helår)")


def shift_months(day: dt.date, months: int, end: bool = False) -> dt.date:
    """Calendar months later (or earlier), clamped to the month's last day.

    31 Oct + 4 months = 28 Feb (29 in a leap year): the legal clocks count this way.
    With end=True the result is the last day of the target month.
    """
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, last if end else min(day.day, last))


def as_of(p: Period, data_date: dt.date | None) -> Period:
    """The period as far as the data goes: one that ends after the data date holds for that day."""
    if data_date is None or p.end <= data_date or not p.complete:
        return p
    if data_date < p.start:  # nothing yet: every figure stays empty, none is counted on a future day
        return Period(p.start, p.end, p.label, full_end=p.end)
    return Period(p.start, data_date, f"{p.label} t.o.m. {short_date(data_date)}", full_end=p.end)


def short_date(day: dt.date) -> str:
    """'30 nov', as a header says how far the data goes."""
    return f"{day.day} {MONTH_ABBR[day.month - 1]}"


def chart_window(p: Period, months: int = 13) -> Period:
    """The months a trend chart shows: the period itself, or for a single month the 13 up to it."""
    if len(p.months) >= 4:
        return p
    first = shift_months(p.end.replace(day=1), -(months - 1))
    return Period(first, p.end, f"{MONTH_ABBR[first.month - 1]} {first.year} – {p.label}")
