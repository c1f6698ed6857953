"""What a KPI computation returns, and the status rule.

An area's KPI function measures (`Measured`: the value with the counts behind it, split by
gender); the catalogue (services/kpis/catalogue.py) attaches the target and the status and
returns a `KpiResult`. A share always travels with its numerator and denominator, so a page
can show "83 % (102 av 123)" and the tertial report the boys/girls columns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

GENDERS_REPORTED = ("flicka", "pojke")
STATUS_CODES = ("uppfyllt", "delvis", "ej_uppfyllt", "saknar_mal", "saknar_varde")


@dataclass
class Part:
    """A value with the counts behind it (numerator/denominator may be None for counts or medians)."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass
class Measured:
    """What an area's KPI function found for a scope and period, before any target is applied."""

    total: Part
    by_gender: dict[str, Part] = field(default_factory=dict)
    note: str = ""  # what a reader must know to read the value ("mätning 15 okt", "ingen prognos lämnad …")
    preliminary: Part | None = None  # shown beside the value as *preliminärt*, never as the value itself

    @property
    def value(self) -> float | None:
        return self.total.value

    @property
    def numerator(self) -> float | None:
        return self.total.numerator

    @property
    def denominator(self) -> float | None:
        return self.total.denominator


@dataclass
class KpiResult:
    code: str
    name: str
    better: str | None  # "higher", "lower" or None: which direction is better
    value: float | None
    numerator: float | None
    denominator: float | None
    by_gender: dict[str, Part] = field(default_factory=dict)
    target: float | None = None
    warn: float | None = None
    status: str = "saknar_mal"
    note: str = ""  # from the measurement, shown under the value on the card and in the reports
    preliminary: Part | None = None  # e.g. the period's own re-referral cohort, followed so far

    def as_json(self) -> dict:
        """The shape of `cli.py kpi --json`: shares as fractions, missing as null."""
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "by_gender": {g: asdict(self.by_gender.get(g, Part(None))) for g in GENDERS_REPORTED},
            "target": self.target,
            "status": self.status,
        }


def share(numerator: int | None, denominator: int | None) -> Part:
    """A share that has no value when nothing was measured (never 0 of 0 = 0 %)."""
    if not denominator:
        return Part(None, numerator or 0, denominator or 0)
    return Part(numerator / denominator, numerator, denominator)


def shares_by_gender(rows: list[tuple[str | None, int, int]]) -> tuple[Part, dict[str, Part]]:
    """(gender, numerator, denominator) rows -> the total and the reported genders."""
    total_num = sum(r[1] or 0 for r in rows)
    total_den = sum(r[2] or 0 for r in rows)
    by_gender = {g: share(*next(((r[1] or 0, r[2]) for r in rows if r[0] == g), (0, 0))) for g in GENDERS_REPORTED}
    return share(total_num, total_den), by_gender


def status(better: str | None, value: float | None, target: float | None, warn: float | None) -> str:
    """uppfyllt / delvis / ej_uppfyllt, honouring the KPI's direction and the optional warn level.

    A KPI without a direction (inflow, placements) treats its target as a ceiling.
    """
    if target is None:
        return "saknar_mal"
    if value is None:
        return "saknar_varde"
    higher = better == "higher"
    if (value >= target) if higher else (value <= target):
        return "uppfyllt"
    if warn is not None and ((value >= warn) if higher else (value <= warn)):
        return "delvis"
    return "ej_uppfyllt"
