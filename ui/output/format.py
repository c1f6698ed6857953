"""Swedish number and date formats: 1 234,5 · 82 % · 2026-11-22 · okt 2026 · – for no value."""

from __future__ import annotations

import datetime as dt

from services.core.periods import MONTH_ABBR, MONTH_NAMES

NBSP = "\u00a0"
DASH = "–"


def number(value: float | int | None, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' with a non-breaking space between thousands."""
    if value is None:
        return DASH
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0.3 rounds to '-0': no sign on a zero
        text = text.lstrip("-")
    return text.replace(",", NBSP).replace(".", ",")


def share(value: float | None, decimals: int = 0) -> str:
    """0.825 -> '83 %' (Swedish puts a space before the per cent sign)."""
    if value is None:
        return DASH
    return f"{number(value * 100, decimals)}{NBSP}%"


def sek(value: float | None) -> str:
    """Kronor, whole: '-2 450 001 kr'."""
    if value is None:
        return DASH
    return f"{number(value)}{NBSP}kr"


def msek(value: float | None, decimals: int = 1) -> str:
    """Millions of kronor as the reports write them: '125,8 mnkr'."""
    if value is None:
        return DASH
    return f"{number(value / 1_000_000, decimals)}{NBSP}mnkr"


def date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def day(value: dt.date | None) -> str:
    """2026-11-30 -> '30 nov 2026', as a header says how far the data goes."""
    if value is None:
        return DASH
    return f"{value.day} {MONTH_ABBR[value.month - 1]} {value.year}"


def month(value: dt.date | None, long: bool = False) -> str:
    """2026-10-01 -> 'okt 2026' (or 'oktober 2026')."""
    if value is None:
        return DASH
    names = MONTH_NAMES if long else MONTH_ABBR
    return f"{names[value.month - 1]} {value.year}"


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$"})


def plain(text: object) -> str:
    """Text typed by a person (a name, a title) made inert inside st.markdown: no links, images or markup."""
    return str(text).translate(_MARKDOWN)


MINUS = "\u2212"


def minus(text: str) -> str:
    """A real minus sign (U+2212) instead of the hyphen: '−1 234' reads as a negative on any screen."""
    return MINUS + text[1:] if text.startswith("-") else text


def signed_number(value: float | int | None, decimals: int = 0) -> str:
    """As `number`, with a real minus sign: -1234.5 -> '−1 234,5'."""
    return minus(number(value, decimals))


def signed_share(value: float | None, decimals: int = 0) -> str:
    """As `share`, with a real minus sign: -0.05 -> '−5 %'."""
    return minus(share(value, decimals))


def signed_sek(value: float | None) -> str:
    """As `sek`, with a real minus sign: -2450001 -> '−2 450 001 kr'."""
    return minus(sek(value))


def signed_msek(value: float | None, decimals: int = 1) -> str:
    """As `msek`, with a real minus sign: -15e6 -> '−15,0 mnkr'."""
    return minus(msek(value, decimals))


def chart_value(value: float | int | None, is_share: bool = False) -> str:
    """A value as a chart's hover text writes it: whole where whole, else one decimal; a real minus.

    0.82 -> '82 %', 0.0725 -> '7,3 %', 1234.5 -> '1 234,5', -3 -> '−3', None -> '–'.
    """
    if value is None or (isinstance(value, float) and value != value):
        return DASH
    if is_share:
        percent = value * 100
        return signed_share(value, 0 if abs(percent - round(percent)) < 1e-9 else 1)
    return signed_number(value, 0 if float(value).is_integer() else 1)
