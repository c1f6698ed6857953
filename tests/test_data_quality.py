"""The data-quality report finds each planted problem, with its count and an example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import update

from models import Intake
from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Access, Filters
from services.importer import import_path
from services.ops import data_quality
from tests.conftest import CONTRACT

AS_OF = dt.date(2024, 6, 30)
PLANTED = {
    "intakes.csv": "intake_id;person_key;team_code;received_date;intake_type;reporter;reason;gender;birth_year;"
                   "protection_assessed;assessment_date;assessment_outcome;investigation_id;serious_talk\n"
                   "A9;P9;MOT;2024-01-05 10:00;anmalan;skola;vald;flicka;2012;;;;;\n",
    "investigations.csv": "investigation_id;person_key;team_code;staff_code;start_date;extended_until;end_date;outcome;"
                          "lvu_application;gender;birth_year\nU9;P9;UTR1;H002;2023-01-10;;;;;;\n",
    "interventions.csv": "intervention_id;person_key;team_code;category;kind;legal_basis;provider;provider_name;decision_date;"
                         "start_date;end_date;daily_cost;gender;birth_year\n"
                         "I9;P9;PLA;placering;familjehem;SoL;extern;;2024-01-20;2024-02-01;;;;\n",
    "staff.csv": "staff_code;display_name;team_code;role;employment;fte;start_date;end_date;profession_start\n"
                 "H009;Nina Ny;UTR1;socialsekreterare;visstid;1;2024-01-01;;\n",
    "absence.csv": "team_code;month;scheduled_hours;sick_hours;sick_hours_short\nUTR1;2024-04;1000;10;5\n",
    # February gets utfall for intäkter, so it is closed, and its personal row (no utfall) is a gap.
    "budget.csv": "unit_code;month;category;budget;actual;forecast_year\nBOU;2024-02;intakter;100 000;90 000;\n",
}


def _counts(store, filters) -> dict[str, int]:
    with session_scope(store) as session:
        return {c.key: c.count for c in data_quality.report(session, filters, AS_OF)}


def test_each_planted_problem_is_found_with_its_count_and_an_example(store, tmp_path: Path):
    assert import_path(store, CONTRACT).ok
    filters = Filters(period(2024, "helår"))
    before = _counts(store, filters)
    planted = tmp_path / "planted"
    planted.mkdir()
    for name, text in PLANTED.items():
        (planted / name).write_text(text, encoding="utf-8")
    result = import_path(store, planted)
    assert result.ok, result.errors
    # An assessment dated before the intake is accepted by the importer (valid but implausible) and
    # found here: planted through an ordinary import of the corrected extract.
    extract = (CONTRACT / "intakes.csv").read_text(encoding="utf-8").replace(
        "A1;P1;MOT;2024-01-03 09:15;anmalan;skola;vald;flicka;2012;2024-01-03 11:00;2024-01-15;",
        "A1;P1;MOT;2024-01-03 09:15;anmalan;skola;vald;flicka;2012;2024-01-03 11:00;2024-01-01;")
    assert "2024-01-01;inleds" in extract
    (tmp_path / "intakes.csv").write_text(extract, encoding="utf-8")
    assert import_path(store, tmp_path / "intakes.csv").ok
    after = _counts(store, filters)
    assert {key: after[key] - before[key] for key in after} == {
        "aldrig_bedomda": 1, "bedomd_fore_inkommen": 1, "utredning_for_lang": 1, "placering_utan_kostnad": 1,
        "saknar_yrkesstart": 1, "manad_utan_data": 2, "budget_utan_utfall": 1,
    }
    with session_scope(store) as session:
        found = {c.key: c for c in data_quality.report(session, filters, AS_OF)}
    assert "A9" in set(found["aldrig_bedomda"].examples["intake_id"])
    assert "A1" in set(found["bedomd_fore_inkommen"].examples["intake_id"])
    assert "U9" in set(found["utredning_for_lang"].examples["investigation_id"])
    assert "I9" in set(found["placering_utan_kostnad"].examples["intervention_id"])
    assert "H009" in set(found["saknar_yrkesstart"].examples["staff_code"])
    missing = set(zip(found["manad_utan_data"].examples["team_code"], found["manad_utan_data"].examples["month"]))
    assert {("UTR1", dt.date(2024, 2, 1)), ("UTR1", dt.date(2024, 3, 1))} <= missing
    budget = found["budget_utan_utfall"].examples
    assert budget[["month", "category"]].values.tolist() == [[dt.date(2024, 2, 1), "personal"]]
    assert all(c.who_fixes for c in found.values())


def test_a_user_without_detail_sees_the_counts_but_no_ids(store):
    assert import_path(store, CONTRACT).ok
    with session_scope(store) as session:
        session.execute(update(Intake).where(Intake.intake_id == "A1").values(assessment_date=dt.date(2024, 1, 1)))
    aggregated = Filters(period(2024, "helår"), access=Access(units=None, detail_teams=frozenset()))
    with session_scope(store) as session:
        check = data_quality.assessment_before_receipt(session, aggregated, AS_OF)
    assert check.count == 1 and check.examples.empty
