"""The secrecy rule for shared screens and APT: counts from 1 to 4 are never shown as numbers.

One constant for every place that masks (slides, the ledningsgrupp view, workload groups), so a
figure that points at a child or an employee cannot leak through one of them (OSL 26 kap.).
"""

from __future__ import annotations

MIN_COUNT = 5  # counts 1–4 are shown as "<5"
MASK = f"<{MIN_COUNT}"


def is_small(n: int | float | None) -> bool:
    """1–4: too few to show; 0 and None are not secret."""
    return n is not None and 0 < n < MIN_COUNT


def masked_count(n: int | None) -> int | str | None:
    """A count fit for a shared screen: 1–4 become '<5'; 0 and None stay as they are."""
    return MASK if is_small(n) else n
