"""The sample municipality's goals: a believable cascade for Norrvik's units, with indicators,
a survey index entered by hand, activities and graded T1/T2 analyses. Fictional throughout."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from services.access.permissions import SYSTEM
from services.goals import goals

UNIT_GOALS = {
    "BOU": [
        ("Barn och unga som behöver skydd får det snabbt och rättssäkert",
         ["ASSESS_14D", "PROTECT_24H", "INVEST_4M"],
         [("Veckovis genomgång av öppna aktualiseringar i mottagningen", "klar"),
          ("Mallar för utredning enligt BBIC uppdaterade", "pagar")]),
        ("Medarbetarna har en hållbar arbetssituation",
         ["SICK_LEAVE", "WORKLOAD_OVER", "TURNOVER"],
         [("Arbetstyngdsmätning varannan månad med återkoppling på APT", "pagar"),
          ("Introduktionsprogram för nyanställda socialsekreterare", "klar")]),
    ],
    "FAM": [
        ("Beslutade insatser verkställs utan dröjsmål",
         ["NOT_CARRIED_3M"],
         [("Väntelista för öppenvården gås igenom varje vecka", "pagar")]),
        ("Verksamheten håller sin budget",
         ["BUDGET_DEV", "FORECAST_DEV"],
         [("Månatlig placeringsgenomgång med controller", "pagar")]),
    ],
}
SURVEY = "Brukarundersökning: andel som fått den hjälp de behövde"
ANALYSES = {
    "helt": "Målet nås. Arbetssättet ligger fast och följs upp på APT.",
    "delvis": "Målet nås delvis. Personalomsättningen under perioden har påverkat; åtgärderna ovan fortsätter.",
    "inte": "Målet nås inte. Vi har analyserat orsakerna och prioriterar aktiviteterna ovan.",
}


def seed(session: Session, year: int, unit_codes: list[str], last_closed: dt.date) -> None:
    """The cascade for `year`; T1/T2 grades only for tertials that have ended by `last_closed`."""
    kf = goals.add_goal(session, year, "kf", "Alla barn i Norrvik ska ha goda och jämlika uppväxtvillkor", actor=SYSTEM)
    area = goals.add_goal(session, year, "verksamhet", "Barn och unga i behov av stöd får rätt insats i rätt tid", kf,
                          actor=SYSTEM)
    board = goals.add_goal(session, year, "namnd", "Socialnämndens insatser för barn och unga är rättssäkra och effektiva", area,
                           actor=SYSTEM)
    tertials = [p for p, end in (("T1", dt.date(year, 4, 30)), ("T2", dt.date(year, 8, 31))) if end <= last_closed]
    for unit in unit_codes:
        for number, (title, codes, activities) in enumerate(UNIT_GOALS.get(unit, [])):
            goal = goals.add_goal(session, year, "enhet", title, board, unit, actor=SYSTEM)
            for code in codes:
                goals.add_indicator(session, goal, kpi_code=code, actor=SYSTEM)
            if number == 0:
                survey = goals.add_indicator(session, goal, name=SURVEY, target=0.80, is_share=True, actor=SYSTEM)
                for step, period in enumerate(tertials):
                    value = 0.74 + 0.03 * step + (0.02 if unit == "FAM" else 0.0)
                    goals.set_manual_value(session, survey, year, period, round(value, 2), round(value - 0.04, 2),
                                           round(value + 0.03, 2), 41 + 7 * step, SYSTEM)
            for title_, status in activities:
                goals.add_activity(session, goal, title_, dt.date(year, 2, 1), dt.date(year, 11, 30), status, actor=SYSTEM)
            for period in tertials:
                grade = ("delvis", "helt", "inte")[(number + len(period)) % 3] if unit == "BOU" else "delvis"
                goals.set_grade(session, goal, year, period, grade, ANALYSES[grade], SYSTEM)
