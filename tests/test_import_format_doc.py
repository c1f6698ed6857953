"""docs/import-format.md against the importer's own spec (services/importer/spec.py).

The document is what a municipality reads to build its extracts; the spec is what the
importer enforces. Every file section's table must list exactly the spec's columns, in
order, with the same aliases, type, required flags, codes (and labels), ranges, date order
rules and references, and the file's key. A column added to spec.py without a line in the
document fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.importer.spec import SPECS, Col, FileSpec

DOC = Path(__file__).resolve().parent.parent / "docs" / "import-format.md"

TABLE_HEADER = "| Column | Swedish alias(es) | Type | Required | Values / notes |"
TABLE_RULE = "|---|---|---|---|---|"
KINDS = ("text", "code", "date", "datetime", "month", "number", "integer", "boolean")  # as the Formats table lists them
# The Required column: (Col.required, Col.optional).
REQUIRED = {"yes": (True, False), "header": (False, False), "no": (False, True)}
REFERENCE_TEXT = {
    "team": "Must be a `team_code` in `teams.csv`",
    "staff": "Must be a `staff_code` in `staff.csv`",
    "unit": "Must be a `unit_code` in `teams.csv`",
    "scope": "Must be a `unit_code` or `team_code` in `teams.csv`",
}
SECTION_RE = re.compile(r"^### `([a-z_]+)\.csv` — .+$", re.M)
CODE_RE = re.compile(r"`([^`]+)` = ([^;<]+?)\s*(?=;|<br>|$)")


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def sections() -> dict[str, str]:
    """File name (without .csv) -> the text of its section, in the document's order."""
    text = doc_text()
    headings = list(SECTION_RE.finditer(text))
    out: dict[str, str] = {}
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        body = text[heading.end() : end]
        next_part = re.search(r"^## ", body, re.M)  # the last file section ends where the next chapter begins
        out[heading.group(1)] = body[: next_part.start()] if next_part else body
    return out


def cells(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), line
    return [c.strip() for c in line[1:-1].split("|")]


def table_rows(section: str) -> list[list[str]]:
    """The rows of the section's one column table, as lists of 5 cells."""
    lines = [line.rstrip() for line in section.splitlines()]
    starts = [i for i, line in enumerate(lines) if line == TABLE_HEADER]
    assert len(starts) == 1, "every file section has exactly one column table"
    start = starts[0]
    assert lines[start + 1] == TABLE_RULE
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        row = cells(line)
        assert len(row) == 5, line
        rows.append(row)
    assert not any(line.startswith("|") for line in lines[start + 2 + len(rows) :]), "one table per file section"
    return rows


def backticked_list(cell: str) -> tuple[str, ...]:
    """`a`, `b` -> ("a", "b"); anything else in the cell is an error."""
    assert re.fullmatch(r"`[^`]+`(, `[^`]+`)*", cell), cell
    return tuple(re.findall(r"`([^`]+)`", cell))


def range_text(col: Col) -> str | None:
    def fmt(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")

    if col.minimum is not None and col.maximum is not None:
        return f"Range: {fmt(col.minimum)}–{fmt(col.maximum)}."
    if col.minimum is not None:
        return f"Range: ≥ {fmt(col.minimum)}."
    if col.maximum is not None:
        return f"Range: ≤ {fmt(col.maximum)}."
    return None


def test_the_document_has_one_section_per_file_in_the_importers_order():
    assert list(sections()) == list(SPECS)


def test_every_kind_and_required_word_is_explained():
    text = doc_text()
    used_kinds = {col.kind for spec in SPECS.values() for col in spec.columns}
    assert used_kinds <= set(KINDS)
    types = re.search(r"^\| Type \| Accepted \|\n\|---\|---\|\n((?:\|.*\|\n)+)", text, re.M)
    assert types, "the Formats section explains the types"
    assert [cells(line)[0] for line in types.group(1).splitlines()] == list(KINDS)
    required = re.search(r"^\| Required \| Meaning \|\n\|---\|---\|\n((?:\|.*\|\n)+)", text, re.M)
    assert required, "the Formats section explains the Required column"
    assert [cells(line)[0] for line in required.group(1).splitlines()] == list(REQUIRED)



@pytest.mark.parametrize("name", list(SPECS))
def test_file_section_matches_spec(name: str):
    spec: FileSpec = SPECS[name]
    section = sections()[name]

    keys = re.findall(r"^\*\*Key:\*\* (.+)$", section, re.M)
    assert len(keys) == 1
    assert backticked_list(keys[0]) == spec.key

    rows = table_rows(section)
    documented = []
    for column, aliases, kind, required, _notes in rows:
        match = re.fullmatch(r"`([a-z_]+)`", column)
        assert match, column
        documented.append(match.group(1))
    assert documented == [col.name for col in spec.columns], f"{spec.file_name}: columns differ from spec.py"

    for col, (_column, aliases, kind, required, notes) in zip(spec.columns, rows):
        where = f"{spec.file_name}, {col.name}"
        assert backticked_list(aliases) == col.aliases, where
        assert kind == col.kind, where
        assert required in REQUIRED, where
        assert REQUIRED[required] == (col.required, col.optional), where

        listed = CODE_RE.findall(notes)
        if col.kind == "code":
            assert len(listed) == len(col.codes), f"{where}: every code once"
            assert dict(listed) == col.codes, where  # the same codes, each with its Swedish label
        else:
            assert listed == [], f"{where}: only code columns list codes"

        expected_range = range_text(col)
        if expected_range is None:
            assert "Range:" not in notes, where
        else:
            assert notes.count("Range:") == 1 and expected_range in notes, where

        rules = [rule.earlier for rule in spec.order_rules if rule.column == col.name]
        assert re.findall(r"Not before `([a-z_]+)`\.", notes) == rules, where

        references = re.findall(r"Must be a [^.]*? in `[a-z_]+\.csv`", notes)
        assert references == ([REFERENCE_TEXT[col.references]] if col.references else []), where


def test_the_readme_points_at_the_document_not_at_the_shared_spec():
    readme = (DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/import-format.md" in readme
    assert "DATA_CONTRACT" not in readme and "../shared" not in readme and "shared/spec" not in readme
