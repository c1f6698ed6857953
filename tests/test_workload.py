"""Arbetstyngdsmätning: points, bands, experience levels, model versions and masking.

tests/fixtures/staffing: S2 started as socialsekreterare on 1 June 2023, so she is
'ny' at the April 2024 round and 'van' at the June round.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from models import WorkloadMeasurement
from services.access.permissions import operator
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.importer import import_path
from services.staffing import workload

FIXTURE = Path(__file__).parent / "fixtures" / "staffing"
APRIL = dt.date(2024, 4, 15)
JUNE = dt.date(2024, 6, 15)


CHEF = operator("chef")  # the services' own tests act as the operator; roles: tests/test_security.py

@pytest.fixture
def wstore(store):
    result = import_path(store, FIXTURE)
    assert result.ok, result.errors
    return store


def year(unit=None, team=None, kind="helår", month=None):
    return Filters(period(2024, kind, month), unit, team)


def test_bands_and_levels_of_an_imported_round(wstore):
    with session_scope(wstore) as s:
        detail = workload.round_detail(s, year(), APRIL)
    rows = {r["staff_code"]: (r["level"], r["points"], r["band"]) for r in detail.to_dict("records")}
    assert rows == {
        "S1": ("erfaren", 32.0, "röd"),
        "S2": ("ny", 22.0, "gul"),
        "S5": ("erfaren", 25.0, "grön"),
        "S6": ("van", 29.0, "röd"),
        "K1": ("erfaren", 10.0, "grön"),
    }
    assert detail.loc[detail["staff_code"] == "S1", "name"].item() == "Sara Ek"


def test_workload_over_kpi(wstore):
    with session_scope(wstore) as s:
        result = workload.workload_over(s, year(kind="månad", month=4))
        empty = workload.workload_over(s, year(kind="månad", month=3))
    # over the reasonable (green) ceiling: S1, S6 and S2 (ny, 22 > 20); S1 and S6 are also in red
    assert (result.numerator, result.denominator, result.value) == (3, 5, 0.6)
    assert result.note == "mätning 15 apr · i rött 40\u00a0% (2 av 5)"
    assert empty.value is None


def test_points_from_case_counts_with_co_handled_cases_at_half_weight(wstore):
    with session_scope(wstore) as s:
        version = workload.model_on(s, JUNE)
        assert version.points({"utredning": (12, 2)}) == 2.0 * (10 + 2 * 0.5)
        assert version.points({"utredning_lvu": (1, 0), "familjehem": (3, 3)}) == 4.0 + 1.5


def test_a_person_crossing_from_ny_to_van_between_rounds(wstore):
    with session_scope(wstore) as s:
        workload.record_round(s, JUNE, [workload.RoundEntry("S2", {"utredning": (12, 2)}, 3)], CHEF)
    with session_scope(wstore) as s:
        june = workload.round_detail(s, year(), JUNE)
    row = june.iloc[0]
    assert (row["staff_code"], row["level"], row["points"], row["band"]) == ("S2", "van", 22.0, "grön")  # 22 was amber as 'ny'


def test_a_changed_weight_applies_from_the_next_round_only(wstore):
    with session_scope(wstore) as s:
        current = workload.model_on(s, JUNE)
        changed = workload.ModelVersion(
            dt.date(2024, 5, 1), "Höjd vikt för utredning", current.co_handled_factor,
            [(c, label, 3.0 if c == "utredning" else p) for c, label, p in current.categories],
            current.levels, current.scale,
        )
        too_early = workload.ModelVersion(dt.date(2024, 4, 1), "x", 0.5, current.categories, current.levels, current.scale)
        with pytest.raises(workload.ModelError, match="efter den senaste mätningen \\(2024-04-15\\)"):
            workload.save_model_version(s, too_early, CHEF)
        new_id = workload.save_model_version(s, changed, CHEF)
    with session_scope(wstore) as s:
        workload.record_round(s, JUNE, [workload.RoundEntry("S2", {"utredning": (11, 0)}, 4)], CHEF)
    with session_scope(wstore) as s:
        rows = {(m.measured_on, m.staff_code): (m.points, m.model_id) for m in s.scalars(select(WorkloadMeasurement))}
        history = workload.model_history(s)
    assert rows[(JUNE, "S2")] == (33.0, new_id)
    assert rows[(APRIL, "S2")] == (22.0, history[0].id)  # the April round keeps its model and points
    assert [v.name for v in history] == ["Standard (Göteborgsmodellen)", "Höjd vikt för utredning"]


def test_group_trend_and_masking_of_small_groups(wstore):
    with session_scope(wstore) as s:
        by_level = workload.group_trend(s, year(), by="level")
        by_team = workload.group_trend(s, year(), by="team")
    erfaren = by_level[by_level["group"] == "erfaren"].iloc[0]
    assert (erfaren["n"], erfaren["over"], erfaren["max"]) == (3, 1, 32.0)
    assert erfaren["mean"] == pytest.approx((32 + 25 + 10) / 3)
    assert dict(zip(by_team["group"], by_team["n"])) == {"Mottagningsgruppen": 2, "Utredningsgrupp 1": 2, "Utredningsgrupp 2": 1}
    masked = workload.mask_small_groups(by_level)
    assert list(masked["n_text"]) == ["<5", "<5", "<5"]
    assert masked["mean"].isna().all() and masked["max"].isna().all()
