"""Loading the fictional sample municipality through the ordinary importer.

The sample sits above services: it writes contract files and hands them to the importer like any
extract, then seeds the goals that are written in the app rather than imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, func, select

from models import Intake, Unit
from sample_data import city
from sample_data import goals as sample_goals
from sample_data.municipality import generate
from services.core.db import session_scope
from services.core.store_info import SAMPLE_KIND
from services.importer import ImportResult, import_path


def load_sample(engine: Engine, out_dir: Path, seed: int = 42, today: dt.date | None = None, username: str = "system",
                scale: str = "district") -> ImportResult:
    """Write the sample files to out_dir and import them, logged as exempeldata.

    scale 'district' is Norrvik (two units, four years); 'city' is fourteen units over ten
    years with more than a million intakes, for the benchmark (sample_data/city.py).
    """
    if scale == "city":
        city.build(out_dir, today=today)
    else:
        generate(out_dir, seed=seed, today=today)
    result = import_path(engine, out_dir, username=username, kind=SAMPLE_KIND)
    if result.ok:
        _seed_goals(engine)
    return result


def _seed_goals(engine: Engine) -> None:
    """Goals are not part of the import contract (they are written in the app): seed the sample's directly."""
    with session_scope(engine) as session:
        last = session.scalar(select(func.max(Intake.received_month)))
        units = list(session.scalars(select(Unit.unit_code).order_by(Unit.unit_code)))
        last_closed = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        sample_goals.seed(session, last.year, units, last_closed)
