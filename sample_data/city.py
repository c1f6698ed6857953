"""A whole city for the benchmark: 7 stadsdelar with 2 units each (14 units), ten years, over a million intakes.

Each stadsdel is the Norrvik model (sample_data/municipality.py) at several times its
volume, with its own seed and its own codes, so the city has the same shares, seasons
and lags as the sample, just more of everything. Built in parallel processes, written as
the contract's CSV files and loaded through the ordinary importer: the benchmark then also
measures a real import.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from sample_data import municipality

DISTRICTS = ("Centrum", "Norr", "Söder", "Öster", "Väster", "Hamnen", "Skogen")
YEARS = 10
VOLUME = 3.5  # a city unit is about three and a half times a Norrvik unit: ≥ 1 000 000 intakes in all
ID_COLUMNS = {
    "staff": ["staff_code"], "intakes": ["intake_id", "person_key", "investigation_id", "staff_code"],
    "investigations": ["investigation_id", "person_key", "staff_code"], "interventions": ["intervention_id", "person_key"],
    "workload": ["staff_code"],
}


def _prefix(series: pd.Series, prefix: str) -> pd.Series:
    return series.map(lambda v: v if v is None or v != v or v == "" else f"{prefix}{v}")


def district(number: int, today: dt.date, years: int = YEARS, volume: float = VOLUME, seed: int = 7000) -> dict[str, pd.DataFrame]:
    """One stadsdel's tables with codes made unique in the city (BOU → BOU03, S012 → D03-S012)."""
    name = DISTRICTS[(number - 1) % len(DISTRICTS)]
    frames = municipality.build(seed=seed + number, today=today, years=years, volume=volume)
    suffix, prefix = f"{number:02d}", f"D{number:02d}-"
    teams = frames["teams"].copy()
    teams["unit_name"] = teams["unit_name"] + f" {name}"
    teams["district"] = f"Stadsdelsförvaltning {name}"
    frames["teams"] = teams
    for table, frame in frames.items():
        frame = frame.copy()
        for column in ("team_code", "unit_code"):
            if column in frame:
                frame[column] = frame[column] + suffix
        for column in ID_COLUMNS.get(table, []):
            frame[column] = _prefix(frame[column], prefix)
        if table == "targets":  # the city-wide targets ('' scope) come once, from the first stadsdel
            own = frame["scope"].fillna("") != ""
            frame.loc[own, "scope"] = frame.loc[own, "scope"] + suffix
            frame = frame if number == 1 else frame[own]
        frames[table] = frame
    return frames


def build(out_dir: Path, today: dt.date | None = None, districts: int = len(DISTRICTS), years: int = YEARS,
          volume: float = VOLUME, workers: int = 2) -> dict[str, int]:
    """Generate the city's stadsdelar in parallel and write one set of contract files; returns rows per file."""
    today = today or dt.date.today()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(district, range(1, districts + 1), [today] * districts, [years] * districts,
                              [volume] * districts))
    tables = {name: pd.concat([part[name] for part in parts], ignore_index=True) for name in parts[0]}
    return municipality.write(tables, out_dir)
