"""Goals, grades and analyses round-trip through the services and the page; the indicator table is exact."""

from __future__ import annotations

import pytest

from services.access.permissions import operator
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.goals import goals, targets
from services.goals.targets import TargetError
from tests.helpers import open_app

ANNA = operator("anna")  # the services' own tests act as the operator; roles: tests/test_security.py
T1 = Filters(period(2024, "T1"))


def test_the_indicator_table_is_exact_for_the_hand_built_fixture(goal_store):
    store, unit_goal, survey = goal_store
    with session_scope(store) as session:
        [view] = goals.unit_goals(session, T1, "BOU")
    kpi, manual = view.indicators
    # BOU T1 2024: 2 of 3 assessments within 14 days; the unit's T1 target 0,6, KF's (scope '') 0,9.
    assert (kpi.numerator, kpi.denominator, kpi.year_target, kpi.kf_target, kpi.status) == (2, 3, 0.6, 0.9, "uppfyllt")
    assert kpi.value == pytest.approx(2 / 3) and kpi.is_share
    assert (manual.value, manual.boys, manual.girls, manual.n, manual.previous_year, manual.year_target, manual.status) == \
        (0.85, 0.8, 0.9, 40, 0.7, 0.8, "uppfyllt")
    assert view.computed_grade == "helt" and view.grade is None and not view.disagrees
    assert [a.title for a in view.activities] == ["Veckogenomgång"]


def test_grade_and_analysis_round_trip_and_a_disagreement_is_flagged(goal_store):
    store, unit_goal, _ = goal_store
    with session_scope(store) as session:
        goals.set_grade(session, unit_goal, 2024, "T1", "inte", "Personalbrist under våren.", ANNA)
    with session_scope(store) as session:
        [view] = goals.unit_goals(session, T1, "BOU")
    assert (view.grade.grade, view.grade.analysis, view.grade.updated_by) == ("inte", "Personalbrist under våren.", "anna")
    assert view.disagrees  # the indicators say 'helt'
    with session_scope(store) as session:
        goals.set_grade(session, unit_goal, 2024, "T1", "helt", "Målet nås.", ANNA)
        with pytest.raises(goals.GoalError, match="Okänd bedömning"):
            goals.set_grade(session, unit_goal, 2024, "T1", "kanske", "", ANNA)
    with session_scope(store) as session:
        [view] = goals.unit_goals(session, T1, "BOU")
    assert (view.grade.grade, view.disagrees) == ("helt", False)


def test_the_cascade_comes_back_as_a_tree(goal_store):
    store, _, _ = goal_store
    with session_scope(store) as session:
        tree = [(g.level, g.title, depth) for g, depth in goals.cascade(session, 2024, "BOU")]
        assert goals.cascade(session, 2024, "FAM")[-1][0].level == "namnd"  # BOU's enhetsmål not shown for FAM
    assert tree == [("kf", "Goda uppväxtvillkor", 0), ("namnd", "Rättssäkra insatser", 1), ("enhet", "Skydd snabbt", 2)]


def test_targets_are_edited_all_or_nothing_with_row_precise_messages(goal_store):
    store, _, _ = goal_store
    with session_scope(store) as session:
        targets.replace_for_scope(session, 2024, "BOU", [
            {"kpi_code": "ASSESS_14D", "period": "", "target": 0.95, "warn": 0.9},
            {"kpi_code": "INFLOW", "period": "T1", "target": 10, "warn": None}], ANNA)
    with pytest.raises(TargetError, match="Rad 2, kolumn mål: ASSESS_14D är en andel"):
        with session_scope(store) as session:
            targets.replace_for_scope(session, 2024, "BOU", [
                {"kpi_code": "INVEST_4M", "period": "", "target": 0.9, "warn": None},
                {"kpi_code": "ASSESS_14D", "period": "", "target": 95, "warn": None}], ANNA)
    with session_scope(store) as session:
        saved = targets.for_scope(session, 2024, "BOU")
    assert saved[["kpi_code", "period", "target"]].values.tolist() == [["ASSESS_14D", "", 0.95], ["INFLOW", "T1", 10.0]]


def test_a_grade_written_on_the_page_is_stored_and_shown(monkeypatch, sample_store):
    at = open_app(monkeypatch, sample_store, script="pages/mal.py")
    at.selectbox(key="filter_unit").set_value("Barn- och ungdomsenheten")
    at.radio(key="filter_kind").set_value("T2")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    tables = [d.value for d in at.dataframe if "Indikator" in d.value.columns]
    assert tables and list(tables[0].columns) == ["Indikator", "Periodens utfall", "Pojkar", "Flickor", "Föregående år",
                                                  "Årsmål", "KF:s årsmål", "Status"]
    form_area = at.text_area[0]
    form_area.set_value("Analys skriven i testet.")
    at.radio[[r.label for r in at.radio].index("Bedömning")].set_value("delvis")
    next(b for b in at.button if b.label == "Spara bedömningen").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Analys skriven i testet." in [t.value for t in at.text]
