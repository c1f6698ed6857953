"""Återaktualisering on last year's cohort (Kolada/KKiK): a value in every report, exactly.

The hand-built store runs from 1 January 2023 to 31 December 2024; 2023 is its first full year.
Cohort of T1 2024 = investigations ended jan–apr 2023, T2 2024 = jan–aug 2023, helår 2024 = 2023.
Re-referred = a new intake 1–365 days after the end (0 days is the same day, not "after").
"""

from __future__ import annotations

import pytest

from services.core.db import session_scope
from services.core.periods import period
from services.core.scope import Filters
from services.importer import import_path
from services.kpis import catalogue

TEAMS = """team_code;team_name;unit_code;unit_name;function
MOT;Mottagningsgruppen;BOU;Barn- och ungdomsenheten;mottagning
UTR1;Utredningsgrupp 1;BOU;Barn- och ungdomsenheten;utredning
"""
# person, investigation end, the new intake's date (or None), gender
COHORT = [
    ("P1", "2023-02-10", "2023-02-10", "flicka"),  # 0 days: the same day, not a re-referral
    ("P2", "2023-03-01", "2024-02-28", "pojke"),  # 364 days
    ("P3", "2023-04-10", "2024-04-09", "flicka"),  # 365 days: still within a year
    ("P4", "2023-04-20", "2024-04-20", "pojke"),  # 366 days: too late
    ("P5", "2023-06-15", "2023-09-01", "flicka"),  # in T2's and the year's cohort
    ("P6", "2023-11-30", None, "pojke"),  # in the year's cohort only, never came back
]


@pytest.fixture
def cohort_store(store, tmp_path):
    intakes = ["intake_id;person_key;team_code;received_date;intake_type;reporter;reason;gender;birth_year;"
               "protection_assessed;assessment_date;assessment_outcome;investigation_id;serious_talk"]
    investigations = ["investigation_id;person_key;team_code;staff_code;start_date;extended_until;end_date;outcome;"
                      "lvu_application;gender;birth_year"]
    for number, (person, ended, again, gender) in enumerate(COHORT, start=1):
        intakes.append(f"A{number};{person};MOT;2023-01-0{number};anmalan;skola;vald;{gender};2012;;2023-01-0{number};inleds;U{number};")
        investigations.append(f"U{number};{person};UTR1;;2023-01-0{number};;{ended};insats;nej;{gender};2012")
        if again:
            intakes.append(f"B{number};{person};MOT;{again};anmalan;skola;vald;{gender};2012;;;;;")
    intakes.append("C1;P9;MOT;2024-12-31;anmalan;polis;brott;pojke;2010;;;;;")  # the data reaches the year's end
    (tmp_path / "teams.csv").write_text(TEAMS, encoding="utf-8")
    (tmp_path / "intakes.csv").write_text("\n".join(intakes) + "\n", encoding="utf-8")
    (tmp_path / "investigations.csv").write_text("\n".join(investigations) + "\n", encoding="utf-8")
    result = import_path(store, tmp_path)
    assert result.ok, result.errors
    return store


def kpi(engine, year, kind):
    with session_scope(engine) as session:
        return catalogue.compute(session, "REREFERRAL_12M", Filters(period(year, kind)))


def test_t1_t2_and_helar_of_the_second_year_have_their_value_on_last_years_cohort(cohort_store):
    t1, t2, year = kpi(cohort_store, 2024, "T1"), kpi(cohort_store, 2024, "T2"), kpi(cohort_store, 2024, "helår")
    assert (t1.numerator, t1.denominator, t1.value) == (2, 4, 0.5)  # P2 (364 d), P3 (365 d); not P1 (0 d), P4 (366 d)
    assert (t2.numerator, t2.denominator, t2.value) == (3, 5, 0.6)  # + P5
    assert (year.numerator, year.denominator, year.value) == (3, 6, 0.5)  # + P6, who never came back
    assert (year.by_gender["flicka"].numerator, year.by_gender["flicka"].denominator) == (2, 3)
    assert (year.by_gender["pojke"].numerator, year.by_gender["pojke"].denominator) == (1, 3)


def test_beside_it_the_periods_own_cohort_followed_so_far_is_preliminary(cohort_store):
    first = kpi(cohort_store, 2023, "helår")
    assert first.value is None  # nobody's investigation ended in 2022: an empty cohort, no value
    assert (first.preliminary.numerator, first.preliminary.denominator) == (3, 6)  # 2023's own cohort, so far


def test_a_period_the_data_has_not_reached_has_no_value(cohort_store):
    assert kpi(cohort_store, 2025, "T1").value is None
