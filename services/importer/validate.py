"""Validation of one import file: every cell parsed, every rule checked, before anything is written.

Parsing is column-wise with pandas (fast on a million rows); each problem becomes
one Swedish message naming file, Excel row, column (as written in the file) and value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from models import codes
from services.importer.personnummer import flag_column
from services.importer.problems import VALUE, ImportProblem, Problems, shown
from services.importer.reader import RawTable
from services.importer.spec import Col, FileSpec
from services.importer.storage import Limit, limits

_DATE_RE = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"
_MONTH_RE = r"\d{4}-\d{2}(?:-01)?"
_TRUE = {"ja", "j", "1", "true", "sant", "yes", "x"}
_FALSE = {"nej", "n", "0", "false", "falskt", "no"}
_TARGET_PERIOD = r"(|T1|T2|T3|\d{4}-(0[1-9]|1[0-2]))"


@dataclass
class ParsedTable:
    spec: FileSpec
    label: str
    frame: pd.DataFrame  # canonical columns present in the file, Python/pandas values
    rows: pd.Index  # Excel row numbers, aligned with frame


@dataclass
class References:
    """Codes a file may point to: what the store holds plus what the same import brings."""

    teams: set[str] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)


def _norm_header(text: str) -> str:
    return codes.plain(str(text)).replace(" ", "_")


def find_column(raw: RawTable, spec: FileSpec, name: str) -> pd.Series | None:
    """The cells of a canonical column, whichever accepted header the file uses for it."""
    col = spec.column(name)
    accepted = {_norm_header(n) for n in (col.name, *col.aliases)}
    for header in raw.frame.columns:
        if _norm_header(header) in accepted:
            return raw.frame[header]
    return None


def _match_headers(raw: RawTable, spec: FileSpec, problems: Problems, notices: list[str]) -> dict[str, str]:
    """Canonical column name -> the header the file uses for it."""
    wanted = {}
    for col in spec.columns:
        for name in (col.name, *col.aliases):
            wanted[_norm_header(name)] = col.name
    found: dict[str, str] = {}
    for header in raw.frame.columns:
        canonical = wanted.get(_norm_header(header))
        if canonical is None:
            if str(header).startswith("Unnamed") and (raw.frame[header] == "").all():
                continue  # a trailing separator in Excel's export, not a column
            notices.append(f"{raw.label}: kolumnen \"{shown(header)}\" ingår inte i formatet och ignoreras.")
        elif canonical in found:
            problems.add(1, 0, str(header), f"kolumnen finns två gånger (även som \"{shown(found[canonical])}\").")
        else:
            found[canonical] = str(header)
    for col in spec.columns:
        if col.name not in found and not col.optional:
            alias = f" [{col.aliases[0]}]" if col.aliases else ""
            problems.add(1, 0, None, f"obligatorisk kolumn saknas: {col.name}{alias}.")
    return found


def _parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    shaped = values.str.fullmatch(_DATE_RE)
    parsed = _in_calendar(pd.to_datetime(values.where(shaped), format="ISO8601", errors="coerce"))
    return parsed, (values != "") & parsed.isna()


def _parse_months(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    shaped = values.str.fullmatch(_MONTH_RE)
    parsed = _in_calendar(pd.to_datetime(values.where(shaped).str.slice(0, 7), format="%Y-%m", errors="coerce"))
    return parsed, (values != "") & parsed.isna()


def _in_calendar(parsed: pd.Series) -> pd.Series:
    """Year 0 parses (numpy has it) but no date can hold it: such a cell is an invalid date, not a crash on writing."""
    return parsed.where(parsed.isna() | (parsed.dt.year >= 1))


def _parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    cleaned = values.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace("\u2212", "-")
    both = cleaned.str.contains(",", regex=False) & cleaned.str.contains(".", regex=False)
    cleaned = cleaned.where(~both, cleaned.str.replace(".", "", regex=False))
    cleaned = cleaned.str.replace(",", ".", regex=False)
    shaped = cleaned.str.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)")
    parsed = pd.to_numeric(cleaned.where(shaped), errors="coerce").astype(float)  # never uint64 or Python ints
    return parsed, (values != "") & parsed.isna()


def _parse_column(col: Col, values: pd.Series, header: str, problems: Problems, order: int) -> tuple[pd.Series, pd.Series]:
    """Parse one column, reporting every cell that does not fit its kind; returns the values and the cells reported."""
    empty = values == ""
    if col.kind == "text":
        parsed, bad, expected = values.where(~empty, None), pd.Series(False, index=values.index), ""
    elif col.kind == "code":
        table = codes.lookup_table(col.codes or {})
        distinct = {v: table.get(codes.plain(v)) if v else None for v in values.unique()}  # a handful per column
        parsed = values.map(distinct)
        bad = ~empty & parsed.isna()
        allowed = ", ".join(col.codes or {})
        expected = f"okänd kod (tillåtna: {allowed})"
    elif col.kind in ("date", "datetime"):
        parsed, bad = _parse_dates(values)
        expected = "ogiltigt datum (förväntat ÅÅÅÅ-MM-DD" + (" eller ÅÅÅÅ-MM-DD TT:MM)" if col.kind == "datetime" else ")")
    elif col.kind == "month":
        parsed, bad = _parse_months(values)
        expected = "ogiltig månad (förväntat ÅÅÅÅ-MM)"
    elif col.kind in ("number", "integer"):
        parsed, bad = _parse_numbers(values)
        expected = "ogiltigt tal"
        if col.kind == "integer":
            fractional = parsed.notna() & _finite(parsed) & (parsed % 1 != 0)
            bad = bad | fractional
            expected = "ogiltigt heltal"
    elif col.kind == "boolean":
        lowered = values.str.lower()
        parsed = lowered.map({v: True if v in _TRUE else False if v in _FALSE else None for v in lowered.unique()})
        bad = ~empty & parsed.isna()
        expected = "ogiltigt värde (förväntat ja eller nej)"
    else:  # pragma: no cover - a spec error, not user input
        raise ValueError(col.kind)
    for row in values.index[bad]:
        problems.add(row, order, header, f'{expected}: "{VALUE}".', values[row])
    if col.required:
        for row in values.index[empty]:
            problems.add(row, order, header, "värde saknas.")
    flagged = bad
    if col.kind in ("number", "integer") and (col.minimum is not None or col.maximum is not None):
        low = col.minimum if col.minimum is not None else float("-inf")
        high = col.maximum if col.maximum is not None else float("inf")
        outside = parsed.notna() & ((parsed < low) | (parsed > high))
        for row in values.index[outside]:
            problems.add(row, order, header, f'värdet "{VALUE}" ligger utanför det tillåtna ({_range_text(col)}).', values[row])
        flagged = flagged | outside
    return parsed, flagged


def _finite(numbers: pd.Series) -> pd.Series:
    return pd.Series(numbers.abs().to_numpy(dtype=float, na_value=0.0) < math.inf, index=numbers.index)


def _check_storable(col: Col, values: pd.Series, parsed: pd.Series, flagged: pd.Series, limit: Limit | None,
                    header: str, problems: Problems, order: int) -> None:
    """What the store's column cannot hold (model String(n), INTEGER, NUMERIC(p, s)), and NUL in text.

    SQLite would keep such a value as it came and PostgreSQL refuse it mid-write; both get this
    message instead, before anything is written. Cells already reported in the column are left out.
    """
    unreported = ~flagged
    if col.kind == "text":
        nul = unreported & values.str.contains("\x00", regex=False)
        for row in values.index[nul]:
            problems.add(row, order, header, f'värdet innehåller ett NUL-tecken (byte 0), som inte kan sparas: "{VALUE}".',
                         values[row])
        unreported = unreported & ~nul
    if limit is None:
        return
    if limit.max_length is not None and col.kind in ("text", "code"):
        lengths = parsed.str.len()
        long = unreported & parsed.notna() & (lengths > limit.max_length)
        for row in values.index[long]:
            problems.add(row, order, header,
                         f'texten är för lång ({int(lengths[row])} tecken, högst {limit.max_length}): "{VALUE}".', values[row])
    if col.kind not in ("number", "integer") or not pd.api.types.is_numeric_dtype(parsed):
        return
    present = unreported & parsed.notna()
    if limit.digits is not None:  # NUMERIC(p, s): fewer than p - s digits before the decimal point, once rounded to s
        whole = limit.digits - limit.scale
        too_many = present & ~(_finite(parsed) & (parsed.abs().round(limit.scale) < limit.high))
        for row in values.index[too_many]:
            problems.add(row, order, header,
                         f'talet "{VALUE}" har för många siffror för att kunna sparas (högst {whole} före decimaltecknet).',
                         values[row])
    elif limit.low is not None and limit.high is not None:  # INTEGER: PostgreSQL's range, which SQLite would exceed
        outside = present & ~(_finite(parsed) & (parsed >= limit.low) & (parsed <= limit.high))
        for row in values.index[outside]:
            problems.add(row, order, header,
                         f'talet "{VALUE}" är för {"litet" if parsed[row] < 0 else "stort"} för att kunna sparas '
                         f'(tillåtet {_grouped(limit.low)} till {_grouped(limit.high)}).', values[row])
    elif limit.finite:
        infinite = present & ~_finite(parsed)
        for row in values.index[infinite]:
            problems.add(row, order, header, f'talet "{VALUE}" har för många siffror för att kunna sparas.', values[row])


def _grouped(number: float) -> str:
    return f"{int(number):,}".replace(",", " ")


def _range_text(col: Col) -> str:
    if col.minimum is not None and col.maximum is not None:
        return f"{_fmt(col.minimum)}–{_fmt(col.maximum)}"
    if col.minimum is not None:
        return f"minst {_fmt(col.minimum)}"
    return f"högst {_fmt(col.maximum)}"


def _fmt(number: float | None) -> str:
    return str(int(number)) if number is not None and float(number).is_integer() else str(number).replace(".", ",")


def validate_table(raw: RawTable, spec: FileSpec, refs: References, notices: list[str]) -> tuple[ParsedTable | None, list[ImportProblem]]:
    """Parse and check one file; returns the parsed table, or None with the problems."""
    problems = Problems(raw.label)
    headers = _match_headers(raw, spec, problems, notices)
    _check_personnummer(raw, problems)
    if problems.has_header_problems():
        return None, problems.problems()
    parsed = pd.DataFrame(index=raw.frame.index)
    storable = limits(spec.name)
    for order, col in enumerate(spec.columns, start=1):
        if col.name in headers:
            header, values = headers[col.name], raw.frame[headers[col.name]]
            parsed[col.name], flagged = _parse_column(col, values, header, problems, order)
            _check_storable(col, values, parsed[col.name], flagged, storable.get(col.name), header, problems, order)
    _check_duplicates(raw, spec, headers, problems)
    _check_order(raw, spec, headers, parsed, problems)
    _check_references(raw, spec, headers, parsed, refs, problems)
    _check_special(raw, spec, headers, parsed, problems)
    if problems.items:
        return None, problems.problems()
    return ParsedTable(spec, raw.label, parsed, raw.frame.index), []


def _check_personnummer(raw: RawTable, problems: Problems) -> None:
    for order, header in enumerate(raw.frame.columns):
        for row in raw.frame.index[flag_column(raw.frame[header])]:
            problems.add(  # the value is never repeated in the message; the problem's value is masked
                row,
                order,
                str(header),
                "värdet ser ut som ett personnummer eller samordningsnummer. "
                "Filen tas inte emot: pseudonymisera den först (ersätt personnummer med en person_id-kod).",
                raw.frame.at[row, header],
            )


def _check_duplicates(raw: RawTable, spec: FileSpec, headers: dict[str, str], problems: Problems) -> None:
    if raw.frame.empty or not all(k in headers for k in spec.key):  # a header-only file has no duplicates
        return
    key_text = raw.frame[headers[spec.key[0]]]
    for k in spec.key[1:]:
        key_text = key_text.str.cat(raw.frame[headers[k]], sep=" / ")
    keys = key_text.str.lower()
    repeated = keys.duplicated(keep="first")
    if not repeated.any():  # the usual case, decided column-wise without a Python loop over the rows
        return
    first_row = pd.Series(keys.index, index=keys.values).groupby(level=0).first()
    for row in keys.index[repeated]:
        problems.add(row, 0, headers[spec.key[0]], f'nyckeln "{VALUE}" finns redan på rad {first_row[keys[row]]}.', key_text[row])


def _check_order(raw: RawTable, spec: FileSpec, headers: dict[str, str], parsed: pd.DataFrame, problems: Problems) -> None:
    for rule in spec.order_rules:
        if rule.column not in parsed or rule.earlier not in parsed:
            continue
        later, earlier = parsed[rule.column], parsed[rule.earlier]
        # A value without a time of day (midnight) only has to be on or after the other's date.
        day_only = (later == later.dt.normalize()) | (spec.column(rule.earlier).kind == "date")
        wrong = later.notna() & earlier.notna() & (
            (later.dt.normalize() < earlier.dt.normalize()) | (~day_only & (later < earlier))
        )
        for row in parsed.index[wrong]:
            problems.add(
                row,
                99,
                headers[rule.column],
                f'"{VALUE}" är före {shown(headers[rule.earlier].strip())} "{shown(raw.frame.loc[row, headers[rule.earlier]])}".',
                raw.frame.loc[row, headers[rule.column]],
            )


def _check_references(raw, spec, headers, parsed, refs: References, problems: Problems) -> None:
    for col in spec.columns:
        if not col.references or col.name not in parsed:
            continue
        known = {
            "team": refs.teams,
            "staff": refs.staff,
            "unit": refs.units,
            "scope": refs.teams | refs.units,
        }[col.references]
        what = {
            "team": "arbetsgrupp (saknas i teams.csv och i databasen)",
            "staff": "personal (saknas i staff.csv och i databasen)",
            "unit": "enhet (saknas i teams.csv och i databasen)",
            "scope": "enhet eller arbetsgrupp (saknas i teams.csv och i databasen)",
        }[col.references]
        values = parsed[col.name]
        unknown = values.notna() & ~values.isin(known)
        for row in parsed.index[unknown]:
            problems.add(row, 50, headers[col.name], f'okänd {what}: "{VALUE}".', values[row])


def _check_special(raw, spec, headers, parsed, problems: Problems) -> None:
    """Rules that belong to one file only."""
    if spec.name == "interventions" and {"category", "kind"} <= set(parsed):
        placement = parsed["category"] == "placering"
        kind_is_placement = parsed["kind"].isin(list(codes.PLACEMENT_KINDS))
        wrong = parsed["category"].notna() & parsed["kind"].notna() & (placement != kind_is_placement)
        for row in parsed.index[wrong]:
            problems.add(
                row,
                60,
                headers["kind"],
                f'insatstypen "{VALUE}" hör inte till kategorin "{shown(raw.frame.loc[row, headers["category"]])}".',
                raw.frame.loc[row, headers["kind"]],
            )
    if spec.name == "interventions" and {"end_date", "start_date"} <= set(parsed):
        ended_unstarted = parsed["end_date"].notna() & parsed["start_date"].isna()
        for row in parsed.index[ended_unstarted]:
            problems.add(row, 61, headers["end_date"], "insatsen har ett slutdatum men inget verkställighetsdatum.")
    if spec.name == "absence" and {"sick_hours", "scheduled_hours"} <= set(parsed):
        over = parsed["sick_hours"] > parsed["scheduled_hours"]
        for row in parsed.index[over.fillna(False)]:
            problems.add(row, 62, headers["sick_hours"], "sjukfrånvaron är större än den schemalagda tiden.")
    if spec.name == "targets" and "period" in parsed:
        periods = parsed["period"].fillna("").str.upper()
        bad = ~periods.str.fullmatch(_TARGET_PERIOD)
        for row in parsed.index[bad]:
            problems.add(row, 63, headers["period"], f'ogiltig period (förväntat tomt, T1, T2, T3 eller ÅÅÅÅ-MM): "{VALUE}".',
                         periods[row])
