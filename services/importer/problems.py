"""What is wrong with an import, as data: file, Excel row, column (as the file names it), value, message.

`str(problem)` is the Swedish line the command line prints and the import log keeps
("intakes.csv, rad 4, kolumn Inkom: ogiltigt datum …: "2024-02-30"."), so every place
that shows a problem shows the same words. A problem is safe to show and to store by
construction: a personnummer anywhere in it is masked (ÅÅMMDD-****), a NUL byte is
made visible, and a very long value is shortened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from services.importer.personnummer import mask_personnummer

MAX_MESSAGES_PER_FILE = 200
MAX_SHOWN_VALUE = 80  # characters of a value repeated in a message; the rest is cut with …
VALUE = "{value}"  # where a message template puts the (shown) value


def safe_text(text: str) -> str:
    """Text fit to show and to store: personnummer masked, NUL visible (PostgreSQL's text refuses it)."""
    return mask_personnummer(str(text).replace("\x00", "\u2400"))


def shown(value: object) -> str:
    """A cell's value as a message repeats it: safe, and at most MAX_SHOWN_VALUE characters."""
    text = safe_text(value)
    if len(text) > MAX_SHOWN_VALUE:
        return text[: MAX_SHOWN_VALUE - 1] + "…"
    return text


@dataclass(frozen=True)
class ImportProblem:
    """One reason an import was refused.

    `row` is the row number as Excel shows it (header = 1), None for the file as a whole;
    `column` the header as written in the file (e.g. `Inkom`, not `received_date`), None when the
    problem is not about one column; `value` the offending cell as shown in the message.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", safe_text(self.file))
        object.__setattr__(self, "column", None if self.column is None else shown(self.column))
        object.__setattr__(self, "value", None if self.value is None else shown(self.value))
        object.__setattr__(self, "message", safe_text(self.message))

    @property
    def where(self) -> str:
        place = self.file
        if self.row is not None:
            place += f", rad {self.row}"
        if self.column:
            place += f", kolumn {self.column}"
        return place

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def problem(file: str, message: str, row: int | None = None, column: str | None = None, value: object = None) -> ImportProblem:
    """A problem whose message may hold `{value}`: the value as shown replaces it, quoted by the caller."""
    value_text = None if value is None else shown(value)
    if value_text is not None:
        message = message.replace(VALUE, value_text)
    return ImportProblem(file, row, column, value_text, message)


@dataclass
class Problems:
    """Collected problems for one file, ordered by row so the user reads them top-down.

    Kept as plain tuples until asked for: a broken city file can have a million bad cells,
    and only the first MAX_MESSAGES_PER_FILE become messages.
    """

    label: str
    items: list[tuple] = field(default_factory=list)

    def add(self, row: int, order: int, column: str | None, text: str, value: object = None) -> None:
        """`text` may hold `{value}` where the cell's value goes (shown safely, see `shown`)."""
        self.items.append((int(row), order, 0 if column else 1, "" if column is None else str(column).strip(), text, value))

    def has_header_problems(self) -> bool:
        return any(item[0] == 1 for item in self.items)

    def problems(self) -> list[ImportProblem]:
        ordered = sorted(self.items, key=lambda item: item[:5] + (str(item[5]),))
        out = [
            problem(self.label, text, row, column or None, value)
            for row, _order, _has_column, column, text, value in ordered[:MAX_MESSAGES_PER_FILE]
        ]
        if len(ordered) > MAX_MESSAGES_PER_FILE:
            out.append(ImportProblem(self.label, None, None, None, f"… och {len(ordered) - MAX_MESSAGES_PER_FILE} fel till."))
        return out

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems()]


REPORT_COLUMNS = ["Fil", "Rad", "Kolumn", "Värde", "Fel"]


def report_table(problems: list[ImportProblem]) -> pd.DataFrame:
    """Why an import was refused, one row per problem, as the Data page shows it: Fil, Rad, Kolumn, Värde, Fel."""
    return pd.DataFrame(
        {
            "Fil": [p.file for p in problems],
            "Rad": pd.array([p.row for p in problems], dtype="Int64"),
            "Kolumn": [p.column or "" for p in problems],
            "Värde": [p.value or "" for p in problems],
            "Fel": [p.message for p in problems],
        },
        columns=REPORT_COLUMNS,
    )
