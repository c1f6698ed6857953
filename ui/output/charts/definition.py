"""What a chart is, independent of who draws it."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("bar", "line", "hbar")
UNITS = ("share", "count", "amount", "days", "ratio")


@dataclass
class ChartSeries:
    name: str
    values: list[float | None]  # None where masked or missing
    labels: list[str] = field(default_factory=list)  # text at each point; "" = the value in the chart's unit
    statuses: list[str | None] = field(default_factory=list)  # a status key per point (ui/output/status.py)
    compare: bool = False  # a comparison series (last year): neutral grey, never a status colour

    def label(self, index: int) -> str:
        return self.labels[index] if index < len(self.labels) else ""

    def status(self, index: int) -> str | None:
        return self.statuses[index] if index < len(self.statuses) else None


@dataclass
class Chart:
    kind: str  # bar | line | hbar
    unit: str  # share | count | amount | days | ratio
    categories: list  # months (dates) or labels
    series: list[ChartSeries]
    decimals: int = 0
    target: float | None = None  # one target for every point: a line with its value
    targets: list[float | None] | None = None  # each category's own target, when they differ: a marker each
    better: str | None = "higher"  # higher | lower | None (a ceiling)
    target_word: str = "Mål"
    value_range: tuple[float, float] | None = None  # fixed value axis; None: shares from 0, others from 0
    current: int | None = None  # index of the current month, labelled
    masked_note: str = ""  # what secrecy hid, said in words under the chart
    title: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"okänd diagramtyp {self.kind!r}")
        if self.unit not in UNITS:
            raise ValueError(f"okänd enhet {self.unit!r}")

    @property
    def own_targets(self) -> list[float | None] | None:
        """Per-category targets, only when they differ (else the one line says it all)."""
        if not self.targets:
            return None
        present = {t for t in self.targets if t is not None}
        return self.targets if len(present) > 1 else None

    @property
    def line_target(self) -> float | None:
        if self.target is not None:
            return self.target
        if self.targets and not self.own_targets:
            return next((t for t in self.targets if t is not None), None)
        return None

    def shown_values(self) -> list[float]:
        values = [v for s in self.series for v in s.values if v is not None]
        values += [t for t in (self.targets or []) if t is not None]
        if self.line_target is not None:
            values.append(self.line_target)
        return values
