"""A believable, fictional stadsdel ("Norrvik") written in the import contract's format.

Deterministic for a seed and a 'today': the data covers three full years before
today's year and the current year up to the last closed month. Volumes, shares and
their drift are calibrated on the reference values in shared/spec/DOMAIN.md:
~4 300 aktualiseringar a year (fewer in July, more after school starts), 46 % girls,
police reports mostly about boys, ~83 % of förhandsbedömningar within 14 days,
~77 % of utredningar within 4 months (a dip in the 2024 staffing crisis), ~20 %
återaktualisering, ~110 ongoing placements, bought care over budget, a turnover
spike in the investigation teams in 2024, workload measured every other month.
All names and codes are invented.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from services.importer.spec import SPECS

DISTRICT = "Norrviks stadsdelsförvaltning"
UNITS = {"BOU": "Barn- och ungdomsenheten", "FAM": "Familjeenheten"}
# team code: (name, unit, function, posts)
TEAMS = {
    "MOT": ("Mottagningsgruppen", "BOU", "mottagning", 8),
    "UTR1": ("Utredningsgrupp 1", "BOU", "utredning", 8),
    "UTR2": ("Utredningsgrupp 2", "BOU", "utredning", 8),
    "UTR3": ("Utredningsgrupp 3", "BOU", "utredning", 7),
    "PLA": ("Placeringsgruppen", "BOU", "placering", 7),
    "FHV": ("Familjehemsgruppen", "BOU", "familjevard", 6),
    "UNG": ("Ungdomsgruppen", "FAM", "utredning", 7),
    "OPV": ("Öppenvårdsgruppen", "FAM", "oppenvard", 7),
    "FBH": ("Familjebehandlingen", "FAM", "oppenvard", 6),
}
INVESTIGATION_TEAMS_BOU = ("UTR1", "UTR2", "UTR3")
FIRST_NAMES = ("Anna", "Sara", "Maria", "Emma", "Johanna", "Elin", "Karin", "Linnea", "Amira", "Fatima", "Ida",
               "Sofia", "Hanna", "Lena", "Malin", "Jonas", "Erik", "Ahmed", "Mikael", "Daniel", "Oskar", "Johan",
               "Ali", "Peter", "Nora", "Maja", "Leila", "Petra", "Helena", "Tove")
LAST_NAMES = ("Lindqvist", "Berg", "Holm", "Sandberg", "Ek", "Nyström", "Åberg", "Falk", "Lund", "Hassan",
              "Strand", "Björk", "Wikström", "Dahl", "Sjöberg", "Karimi", "Öberg", "Forsberg", "Mohammed", "Lindgren")

MONTH_FACTOR = np.array([1.0, 1.05, 1.1, 1.0, 1.05, 0.95, 0.6, 0.85, 1.2, 1.2, 1.1, 0.85])
INTAKES_PER_MONTH = 345.0
REPORTERS = ("skola", "polis", "halso_sjukvard", "forskola", "bup", "socialtjanst", "privatperson", "anonym", "annan_kommun", "ovrig")
REPORTER_P = (0.22, 0.18, 0.09, 0.06, 0.04, 0.10, 0.12, 0.05, 0.04, 0.10)
REASONS = ("vald", "brott", "missbruk_foralder", "missbruk_eget", "psykisk_ohalsa", "skolfranvaro", "relation_konflikt", "hedersrelaterat", "ovrigt")
REASON_P_POLICE = (0.35, 0.38, 0.04, 0.10, 0.03, 0.0, 0.07, 0.01, 0.02)
REASON_P_OTHER = (0.14, 0.01, 0.12, 0.04, 0.18, 0.13, 0.22, 0.02, 0.14)
ASSESS_IN_TIME = {0: 0.84, 1: 0.81, 2: 0.85, 3: 0.83}  # by year index: drift around 82–84 %
INVEST_IN_TIME = {0: 0.76, 1: 0.68, 2: 0.84, 3: 0.80}  # the 2024 staffing crisis shows here
CRISIS_YEAR_INDEX = 1
PLACEMENT_KINDS = {  # kind: (share, mean days, LVU share, extern share, daily cost range own, range extern)
    "familjehem": (0.40, 750, 0.25, 0.55, (700, 1200), (2200, 3200)),
    "natverkshem": (0.10, 750, 0.10, 0.0, (500, 900), (500, 900)),
    "jourhem": (0.20, 80, 0.30, 0.3, (1200, 1800), (1800, 2400)),
    "hvb": (0.16, 240, 0.40, 1.0, (4000, 7000), (4000, 7000)),
    "sis": (0.04, 150, 0.95, 1.0, (6500, 9000), (6500, 9000)),
    "stodboende": (0.06, 300, 0.0, 1.0, (1800, 2800), (1800, 2800)),
    "traningslagenhet": (0.03, 300, 0.0, 0.5, (1200, 2000), (1200, 2000)),
    "skyddat_boende": (0.01, 60, 0.0, 1.0, (2500, 4000), (2500, 4000)),
}
OUTPATIENT_KINDS = ("familjebehandling", "kontaktperson", "kontaktfamilj", "stodsamtal")
SALARY_MONTH = 52_000 * 1.45  # with employer contributions
CONSULTANT_MONTH = 165_000


def _weighted(rng: np.random.Generator, options, p) -> object:
    """rng.choice(options, p=p) drawn the same way (one uniform, cumulative search) without its per-call setup.

    Generator.choice normalises the cumulative weights and searches them with one random();
    doing that here with a cached table gives the same draws, an order of magnitude faster.
    """
    cdf = _CDF.get(id(p))
    if cdf is None or cdf[0] is not p:
        weights = np.asarray(p, dtype=float)
        cumulative = weights.cumsum()
        cumulative /= cumulative[-1]
        cdf = _CDF[id(p)] = (p, cumulative.tolist())
    return options[bisect.bisect_right(cdf[1], rng.random())]


_CDF: dict[int, tuple] = {}


@dataclass
class World:
    rng: np.random.Generator
    start: dt.date
    cutoff: dt.date  # the last day of the last closed month
    staff: list[dict] = field(default_factory=list)
    intakes: list[dict] = field(default_factory=list)
    investigations: list[dict] = field(default_factory=list)
    interventions: list[dict] = field(default_factory=list)
    next_person: int = 1
    volume: float = 1.0  # 1 = Norrvik; a city unit is several times larger (sample_data/city.py)

    def posts(self, team: str) -> int:
        return max(1, round(TEAMS[team][3] * self.volume))

    def new_person(self) -> str:
        key = f"P{self.next_person:06d}"
        self.next_person += 1
        return key

    def months(self) -> list[dt.date]:
        out, day = [], self.start
        while day <= self.cutoff:
            out.append(day)
            day = _add_months(day, 1)
        return out


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _rand_date(rng: np.random.Generator, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=int(rng.integers(0, max(1, (last - first).days + 1))))


def generate(out_dir: Path, seed: int = 42, today: dt.date | None = None) -> dict[str, int]:
    """Write the contract's ten files for the sample district into out_dir; returns rows per file."""
    return write(build(seed, today), out_dir)


def build(seed: int = 42, today: dt.date | None = None, years: int = 4, volume: float = 1.0) -> dict[str, pd.DataFrame]:
    """The district's ten contract tables: `years` calendar years up to the last closed month, `volume` times Norrvik."""
    today = today or dt.date.today()
    cutoff = today.replace(day=1) - dt.timedelta(days=1)
    world = World(np.random.default_rng(seed), dt.date(today.year - (years - 1), 1, 1), cutoff, volume=volume)
    _staff(world)
    _earlier_investigations(world)
    _intakes(world)
    _investigations(world)
    _rereferrals(world)
    _interventions(world)
    _assign_intakes(world, np.random.default_rng([seed, HANDLER_STREAM]))
    frames = {
        "teams": _teams_frame(),
        "staff": pd.DataFrame(world.staff),
        "positions": _positions(world),
        "absence": _absence(world),
        "intakes": pd.DataFrame(world.intakes),
        "investigations": pd.DataFrame(world.investigations),
        "interventions": pd.DataFrame(world.interventions),
        "workload": _workload(world),
        "budget": _budget(world),
        "targets": _targets(world),
    }
    return {name: frame[[column.name for column in SPECS[name].columns]] for name, frame in frames.items()}


def write(frames: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, int]:
    """The tables as the contract's CSV files (the contract's column order); returns rows per file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, frame in frames.items():
        _write(frame, out_dir / f"{name}.csv")
        counts[f"{name}.csv"] = len(frame)
    return counts


# --- organisation and staff ---------------------------------------------------------


def _teams_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [{"team_code": code, "team_name": name, "unit_code": unit, "unit_name": UNITS[unit], "district": DISTRICT, "function": function}
         for code, (name, unit, function, _) in TEAMS.items()]
    )


def _staff(world: World) -> None:
    """Each post is held by a sequence of people; leavers leave gaps, consultants cover some."""
    rng = world.rng
    number = 0
    consultant_number = 0
    for team, (_, unit, function, _) in TEAMS.items():
        for post in range(world.posts(team)):
            role = "bitr_enhetschef" if post == 0 else ("familjebehandlare" if function == "oppenvard" else "socialsekreterare")
            if post == 1 and team in ("MOT", "OPV"):
                role = "enhetschef"
            day = _rand_date(rng, dt.date(2008, 1, 1), world.start - dt.timedelta(days=30))
            first_holder = True
            while day <= world.cutoff:
                number += 1
                crisis = team in INVESTIGATION_TEAMS_BOU + ("UNG",)
                years_in_post = rng.exponential(8.0 if role != "socialsekreterare" else 6.0)
                end = day + dt.timedelta(days=int(years_in_post * 365))
                if crisis and world.start.year + CRISIS_YEAR_INDEX == end.year or (
                    crisis and day.year <= world.start.year + CRISIS_YEAR_INDEX <= end.year and rng.random() < 0.22
                ):
                    end = _rand_date(rng, max(day, dt.date(world.start.year + CRISIS_YEAR_INDEX, 1, 1)),
                                     dt.date(world.start.year + CRISIS_YEAR_INDEX, 12, 31))
                new_graduate = not first_holder and rng.random() < 0.4
                experience_years = 0 if new_graduate else rng.integers(1, 12)
                profession_start = day - dt.timedelta(days=int(experience_years * 365 + rng.integers(0, 200)))
                fte = float(rng.choice([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.75]))
                world.staff.append({
                    "staff_code": f"H{number:03d}",
                    "display_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    "team_code": team, "role": role,
                    "employment": "visstid" if rng.random() < 0.12 else "tillsvidare",
                    "fte": fte, "start_date": day, "end_date": end if end <= world.cutoff else None,
                    "profession_start": profession_start,
                })
                if end > world.cutoff:
                    break
                gap = int(rng.integers(20, 120))
                if role == "socialsekreterare" and crisis and rng.random() < 0.7:
                    consultant_number += 1
                    c_end = end + dt.timedelta(days=gap + int(rng.integers(60, 240)))
                    world.staff.append({
                        "staff_code": f"K{consultant_number:03d}", "display_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "team_code": team, "role": "socialsekreterare", "employment": "konsult", "fte": 1.0,
                        "start_date": end + dt.timedelta(days=7), "end_date": c_end if c_end <= world.cutoff else None,
                        "profession_start": end - dt.timedelta(days=int(rng.integers(800, 4000))),
                    })
                day = end + dt.timedelta(days=gap)
                first_holder = False


def _employed(world: World, team: str, day: dt.date, roles=("socialsekreterare",)) -> list[dict]:
    return [s for s in world.staff if s["team_code"] == team and s["role"] in roles and s["start_date"] <= day
            and (s["end_date"] is None or s["end_date"] >= day)]


# --- the case flow -------------------------------------------------------------------


def _intakes(world: World) -> None:
    rng = world.rng
    recent_people: list[tuple[str, str, int]] = []
    for month in world.months():
        index = month.year - world.start.year
        expected = INTAKES_PER_MONTH * world.volume * MONTH_FACTOR[month.month - 1] * (1 + 0.03 * min(index, 4))
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        for _ in range(rng.poisson(expected)):
            received = dt.datetime(month.year, month.month, int(rng.integers(1, days_in_month + 1)),
                                   int(rng.integers(7, 18)), int(rng.choice([0, 15, 30, 45])))
            _one_intake(world, received, recent_people, index)


def _one_intake(world: World, received: dt.datetime, recent_people: list, year_index: int,
                person: tuple[str, str, int] | None = None, reason_hint: str | None = None) -> dict:
    rng = world.rng
    reporter = _weighted(rng, REPORTERS, REPORTER_P)
    police = reporter == "polis"
    if person is None and recent_people and rng.random() < 0.12:
        person = recent_people[int(rng.integers(max(0, len(recent_people) - 3000), len(recent_people)))]
    if person is None:
        gender = _weighted(rng, _GENDERS, _GENDER_P_POLICE if police else _GENDER_P_OTHER)
        age = _weighted(rng, _POLICE_AGES, _POLICE_AGE_P) if police else _weighted(rng, _AGES, _AGE_P)
        person = (world.new_person(), gender, received.year - age)
        recent_people.append(person)
    key, gender, birth_year = person
    age = received.year - birth_year
    reason = reason_hint or _weighted(rng, REASONS, REASON_P_POLICE if police else REASON_P_OTHER)
    if reason == "brott" and age < 12:
        reason = "vald"
    team = "UNG" if (age >= 13 and rng.random() < 0.3) or age >= 18 else "MOT"
    intake_type = _weighted(rng, _INTAKE_TYPES, _INTAKE_TYPE_P)
    protection = None
    if intake_type == "anmalan" and rng.random() < 0.9:
        hours = rng.uniform(0.5, 8) if rng.random() < 0.95 else rng.uniform(26, 72)
        protection = received + dt.timedelta(hours=float(hours))
    in_time = rng.random() < ASSESS_IN_TIME.get(year_index, 0.83)
    days = int(rng.integers(2, 15)) if in_time else int(rng.integers(15, 45))
    assessed = received.date() + dt.timedelta(days=days)
    if assessed > world.cutoff or rng.random() < 0.0008:
        assessed = None
    talk = None
    if police and reason == "brott" and age < 18:
        roll = rng.random()
        if roll < 0.56:
            talk = received + dt.timedelta(hours=float(rng.uniform(3, 47)))
        elif roll < 0.88:
            talk = received + dt.timedelta(hours=float(rng.uniform(50, 240)))
    if protection and protection.date() > world.cutoff:
        protection = None
    if talk and talk.date() > world.cutoff:
        talk = None
    record = {
        "intake_id": f"A{received.year}-{len(world.intakes) + 1:06d}", "person_key": key, "team_code": team,
        "received_date": received, "intake_type": intake_type, "reporter": reporter, "reason": reason,
        "gender": gender, "birth_year": birth_year, "protection_assessed": protection, "assessment_date": assessed,
        "assessment_outcome": None, "investigation_id": None, "serious_talk": talk,
    }
    if assessed is not None:
        record["assessment_outcome"] = "inleds" if rng.random() < 0.27 else "inleds_ej"
    world.intakes.append(record)
    return record


_AGE_P = np.array([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 8, 9, 9, 8, 7, 3, 2, 1], dtype=float)
_AGE_P = _AGE_P / _AGE_P.sum()
_GENDERS = ("pojke", "flicka", "annat", "okant")
_GENDER_P_POLICE, _GENDER_P_OTHER = (0.74, 0.25, 0.005, 0.005), (0.515, 0.47, 0.005, 0.01)
_POLICE_AGES, _POLICE_AGE_P = tuple(range(12, 21)), (0.05, 0.08, 0.14, 0.18, 0.2, 0.17, 0.09, 0.05, 0.04)
_AGES = tuple(range(0, 21))
_INTAKE_TYPES, _INTAKE_TYPE_P = ("anmalan", "ansokan", "ovrigt"), (0.85, 0.07, 0.08)


HANDLER_STREAM = 18  # the handläggare are drawn from a stream of their own (issue 18), so every other value stays as it was
UNASSIGNED_SHARE = ((3, 0.6), (14, 0.3))  # still open at the cutoff: days waiting (at most) -> share not yet assigned
UNASSIGNED_OLDER = 0.1


def _assign_intakes(world: World, rng: np.random.Generator) -> None:
    """The handläggare of each aktualisering: a socialsekreterare of its team employed on the day it came in.

    Every decided one has one (she made the förhandsbedömning); of those still open at the cutoff the
    newest are often not yet assigned (empty), older ones seldom. None when the team had nobody that day.
    """
    waiting_draws, pick_draws = rng.random(len(world.intakes)).tolist(), rng.random(len(world.intakes)).tolist()
    on_duty: dict[tuple[str, dt.date], list[str]] = {}
    for intake, waiting_draw, pick in zip(world.intakes, waiting_draws, pick_draws):
        day = intake["received_date"].date()
        intake["staff_code"] = None
        if intake["assessment_date"] is None:
            waiting = (world.cutoff - day).days
            share = next((p for most, p in UNASSIGNED_SHARE if waiting <= most), UNASSIGNED_OLDER)
            if waiting_draw < share:
                continue
        key = (intake["team_code"], day)
        if key not in on_duty:
            on_duty[key] = [s["staff_code"] for s in _employed(world, *key)]
        if on_duty[key]:
            intake["staff_code"] = on_duty[key][int(pick * len(on_duty[key]))]


def _earlier_investigations(world: World) -> None:
    """Utredningar opened in the autumn before the data starts, so January begins with a caseload."""
    rng = world.rng
    autumn = dt.date(world.start.year - 1, 9, 1)
    for _ in range(round(340 * world.volume)):
        start = _rand_date(rng, autumn, world.start - dt.timedelta(days=1))
        person = world.new_person()
        gender = str(rng.choice(["flicka", "pojke"], p=[0.47, 0.53]))
        intake = {"person_key": person, "gender": gender, "birth_year": int(start.year - rng.integers(0, 18)),
                  "assessment_date": start, "assessment_outcome": "inleds", "team_code": "MOT",
                  "received_date": dt.datetime.combine(start, dt.time(9))}
        _investigations(world, [intake])
        world.investigations[-1]["gender"] = gender
        world.investigations[-1]["birth_year"] = intake["birth_year"]


def _investigations(world: World, intakes: list[dict] | None = None) -> None:
    """Open an utredning for each intake decided 'inleds'; later intakes about an open case join it."""
    rng = world.rng
    open_by_person: dict[str, dict] = {i["person_key"]: i for i in world.investigations if i["end_date"] is None}
    for intake in sorted(intakes if intakes is not None else world.intakes, key=lambda r: r["received_date"]):
        if intake["assessment_outcome"] != "inleds":
            continue
        ongoing = open_by_person.get(intake["person_key"])
        start = intake["assessment_date"]
        if ongoing and (ongoing["end_date"] is None or ongoing["end_date"] > start) and ongoing["start_date"] <= start:
            intake["assessment_outcome"] = "pagaende"
            intake["investigation_id"] = ongoing["investigation_id"]
            continue
        team = "UNG" if intake["team_code"] == "UNG" else str(rng.choice(INVESTIGATION_TEAMS_BOU))
        due = _add_months(start, 4)
        year_index = start.year - world.start.year
        if rng.random() < INVEST_IN_TIME.get(year_index, 0.78):
            end = start + dt.timedelta(days=int(rng.integers(35, (due - start).days + 1)))
            extended = None
        else:
            end = due + dt.timedelta(days=int(rng.integers(1, 75)))
            extended = due + dt.timedelta(days=int(rng.integers(30, 60))) if rng.random() < 0.6 else None
        staff = _employed(world, team, start)
        weights = np.array([_experience_weight(s, start) for s in staff])
        handler = staff[int(rng.choice(len(staff), p=weights / weights.sum()))]["staff_code"] if staff else None
        record = {
            "investigation_id": f"U{start.year}-{len(world.investigations) + 1:05d}", "person_key": intake["person_key"],
            "team_code": team, "staff_code": handler, "start_date": start,
            "extended_until": extended if extended and extended <= world.cutoff + dt.timedelta(days=90) else None,
            "end_date": end if end <= world.cutoff else None,
            "outcome": str(rng.choice(["insats", "ingen_insats", "overflyttad", "annat"], p=[0.45, 0.45, 0.05, 0.05])) if end <= world.cutoff else None,
            "lvu_application": ("ja" if rng.random() < 0.04 else "nej") if end <= world.cutoff else None,
            "gender": intake["gender"] if rng.random() < 0.5 else None,
            "birth_year": intake["birth_year"] if rng.random() < 0.5 else None,
        }
        if record["extended_until"] is not None and record["end_date"] is not None and record["extended_until"] < start:
            record["extended_until"] = None
        intake["investigation_id"] = record["investigation_id"]
        world.investigations.append(record)
        open_by_person[intake["person_key"]] = record


def _experience_weight(staff: dict, day: dt.date) -> float:
    years = (day - staff["profession_start"]).days / 365.25
    return 0.6 if years < 1 else 0.9 if years < 3 else 1.1


def _rereferrals(world: World) -> None:
    """About one in five children with a closed utredning is reported again within a year."""
    rng = world.rng
    people = {i["person_key"]: (i["person_key"], i["gender"], i["birth_year"]) for i in world.investigations if i["gender"]}
    people.update({i["person_key"]: (i["person_key"], i["gender"], i["birth_year"]) for i in world.intakes})
    added = []
    for inv in list(world.investigations):
        if inv["end_date"] is None or rng.random() >= 0.14:
            continue
        again = inv["end_date"] + dt.timedelta(days=int(rng.integers(15, 365)))
        if again > world.cutoff:
            continue
        received = dt.datetime(again.year, again.month, again.day, int(rng.integers(8, 17)), 0)
        added.append(_one_intake(world, received, [], again.year - world.start.year, person=people[inv["person_key"]]))
    _investigations(world, added)
    world.intakes.sort(key=lambda r: r["received_date"])


def _interventions(world: World) -> None:
    rng = world.rng
    number = 0

    def add(record: dict) -> None:
        nonlocal number
        number += 1
        record["intervention_id"] = f"I{record['decision_date'].year}-{number:05d}"
        world.interventions.append(record)

    # Placements that began before the data starts and are still running in January.
    for _ in range(round(100 * world.volume)):
        person = world.new_person()
        gender, birth = str(rng.choice(["flicka", "pojke"], p=[0.55, 0.45])), int(world.start.year - rng.integers(3, 17))
        start = _rand_date(rng, dt.date(world.start.year - 4, 1, 1), world.start - dt.timedelta(days=20))
        add(_placement(world, person, start - dt.timedelta(days=int(rng.integers(0, 15))), start, gender, birth,
                       kind=str(rng.choice(["familjehem", "natverkshem", "hvb", "stodboende"], p=[0.7, 0.15, 0.1, 0.05])),
                       min_end=world.start + dt.timedelta(days=30)))
    people = {i["person_key"]: (i["gender"], i["birth_year"]) for i in world.investigations if i["gender"]}
    people.update({i["person_key"]: (i["gender"], i["birth_year"]) for i in world.intakes})
    for inv in world.investigations:
        if inv["outcome"] != "insats":
            continue
        gender = inv["gender"] or people[inv["person_key"]][0]
        birth = inv["birth_year"] or people[inv["person_key"]][1]
        decision = inv["end_date"]
        if rng.random() < 0.16:
            start = decision + dt.timedelta(days=int(rng.integers(0, 20)))
            add(_placement(world, inv["person_key"], decision, start, gender, birth, lvu=inv["lvu_application"] == "ja"))
        else:
            kind = str(rng.choice(OUTPATIENT_KINDS, p=[0.5, 0.2, 0.15, 0.15]))
            waiting = int(rng.integers(5, 40)) if kind == "familjebehandling" else int(rng.integers(10, 130))
            backlog = (world.cutoff - decision).days < 270 and rng.random() < 0.03  # a current backlog, not a pile
            start = None if backlog else decision + dt.timedelta(days=waiting)
            end = start + dt.timedelta(days=int(rng.integers(90, 400))) if start else None
            add({
                "person_key": inv["person_key"], "team_code": "FBH" if kind == "familjebehandling" and rng.random() < 0.5 else "OPV",
                "category": "oppenvard", "kind": kind, "legal_basis": "SoL",
                "provider": "egen_regi" if kind in ("familjebehandling", "stodsamtal") else "extern", "provider_name": None,
                "decision_date": decision, "start_date": start if start and start <= world.cutoff else None,
                "end_date": end if end and end <= world.cutoff and start <= world.cutoff else None,
                "daily_cost": None if kind in ("familjebehandling", "stodsamtal") else float(rng.integers(150, 400)),
                "gender": gender if rng.random() < 0.5 else None, "birth_year": birth if rng.random() < 0.5 else None,
            })


def _placement(world: World, person: str, decision: dt.date, start: dt.date, gender: str, birth: int,
               kind: str | None = None, lvu: bool = False, min_end: dt.date | None = None) -> dict:
    rng = world.rng
    kinds = list(PLACEMENT_KINDS)
    kind = kind or str(rng.choice(kinds, p=[PLACEMENT_KINDS[k][0] for k in kinds]))
    share, mean_days, lvu_share, extern_share, own_cost, extern_cost = PLACEMENT_KINDS[kind]
    extern = rng.random() < extern_share
    low, high = extern_cost if extern else own_cost
    end = start + dt.timedelta(days=int(rng.exponential(mean_days)) + 7)
    if min_end and end < min_end:
        end = min_end + dt.timedelta(days=int(rng.integers(0, 900)))
    return {
        "person_key": person, "team_code": "FHV" if kind in ("familjehem", "natverkshem") else "PLA",
        "category": "placering", "kind": kind, "legal_basis": "LVU" if lvu or rng.random() < lvu_share else "SoL",
        "provider": "extern" if extern else "egen_regi",
        "provider_name": f"{rng.choice(['Norrsken', 'Björkbacken', 'Kompassen', 'Havsutsikten'])} {'HVB' if kind == 'hvb' else 'AB'}" if extern else None,
        "decision_date": decision, "start_date": start if start <= world.cutoff else None,
        "end_date": end if end <= world.cutoff and start <= world.cutoff else None,
        "daily_cost": None if rng.random() < 0.02 else float(rng.integers(low, high + 1)),
        "gender": gender if rng.random() < 0.5 else None, "birth_year": birth if rng.random() < 0.5 else None,
    }


# --- staffing tables, workload, budget and targets --------------------------------------


def _positions(world: World) -> pd.DataFrame:
    rows = []
    for month in world.months():
        for team in TEAMS:
            rows.append({"team_code": team, "month": month.strftime("%Y-%m"), "budgeted_fte": float(world.posts(team))})
    return pd.DataFrame(rows)


def _fte_in_month(world: World, team: str, month: dt.date, consultants: bool = False) -> float:
    day = _month_end(month)
    return sum(s["fte"] for s in world.staff if s["team_code"] == team and (s["employment"] == "konsult") == consultants
               and s["start_date"] <= day and (s["end_date"] is None or s["end_date"] >= day))


def _absence(world: World) -> pd.DataFrame:
    rng = world.rng
    season = {1: 1.3, 2: 1.3, 3: 1.15, 4: 1.0, 5: 0.9, 6: 0.8, 7: 0.6, 8: 0.8, 9: 1.0, 10: 1.05, 11: 1.1, 12: 1.15}
    rows = []
    for month in world.months():
        workdays = np.busday_count(month, _month_end(month) + dt.timedelta(days=1))
        for team in TEAMS:
            scheduled = round(_fte_in_month(world, team, month) * workdays * 8, 1)
            if scheduled <= 0:
                continue
            crisis = month.year - world.start.year == CRISIS_YEAR_INDEX and team in INVESTIGATION_TEAMS_BOU
            rate = max(0.005, rng.normal(0.05 * season[month.month] * (1.25 if crisis else 1.0), 0.012))
            sick = round(scheduled * rate, 1)
            rows.append({"team_code": team, "month": month.strftime("%Y-%m"), "scheduled_hours": scheduled,
                         "sick_hours": sick, "sick_hours_short": round(sick * rng.uniform(0.38, 0.52), 1)})
    return pd.DataFrame(rows)


def _workload(world: World) -> pd.DataFrame:
    """Every other month: points from each socialsekreterare's ongoing cases, plus her own rating."""
    rng = world.rng
    rows = []
    for month in world.months():
        if month.month % 2:
            continue
        day = month.replace(day=15)
        ongoing: dict[str, int] = {}
        for inv in world.investigations:
            if inv["staff_code"] and inv["start_date"] <= day and (inv["end_date"] is None or inv["end_date"] > day):
                ongoing[inv["staff_code"]] = ongoing.get(inv["staff_code"], 0) + 1
        for team in ("UTR1", "UTR2", "UTR3", "UNG", "PLA", "FHV"):
            for person in _employed(world, team, day):
                if team in ("PLA", "FHV"):
                    cases = int(rng.integers(10, 22))
                    points = cases * rng.uniform(1.0, 1.6)
                else:
                    cases = ongoing.get(person["staff_code"], 0) + int(rng.integers(1, 4))
                    points = 1.5 * ongoing.get(person["staff_code"], 0) + rng.uniform(2, 6)
                points = round(points, 1)
                rating = int(np.clip(round(points / 30 * 3 + rng.normal(0.2, 0.8)), 1, 5))
                rows.append({"measured_on": day, "staff_code": person["staff_code"], "points": points,
                             "self_rating": rating, "case_count": cases})
    return pd.DataFrame(rows)


def _placement_cost(world: World, unit_teams: set[str], month: dt.date) -> float:
    first, nxt = month, _add_months(month, 1)
    total = 0.0
    for p in world.interventions:
        if p["category"] != "placering" or p["team_code"] not in unit_teams or not p["start_date"] or not p["daily_cost"]:
            continue
        start, end = max(p["start_date"], first), min(p["end_date"] or nxt, nxt)
        if end > start:
            total += (end - start).days * p["daily_cost"]
    return total


def _budget(world: World) -> pd.DataFrame:
    rng = world.rng
    rows = []
    months = world.months()
    all_months = [dt.date(y, m, 1) for y in range(world.start.year, world.cutoff.year + 1) for m in range(1, 13)]
    for unit in UNITS:
        teams = {t for t, v in TEAMS.items() if v[1] == unit}
        actual_placements = {m: _placement_cost(world, teams, m) for m in months}
        for year in range(world.start.year, world.cutoff.year + 1):
            year_months = [m for m in all_months if m.year == year]
            closed = [m for m in year_months if m in actual_placements]
            planned_care = np.mean([actual_placements[m] for m in closed]) * (0.9 - 0.04 * min(year - world.start.year, 4)) if closed else 0
            posts = sum(world.posts(t) for t in teams)
            lines = {
                "intakter": (400_000 if unit == "BOU" else 100_000, 0.10),
                "personal": (-posts * SALARY_MONTH, 0.0),
                "konsulter": (-100_000 if unit == "BOU" else -20_000, 0.0),
                "kopt_vard_placeringar": (-planned_care, 0.0),
                "kopt_vard_oppenvard": (-600_000 if unit == "BOU" else -350_000, 0.08),
                "lokaler": (-700_000 if unit == "BOU" else -250_000, 0.01),
                "ovrigt": (-300_000 if unit == "BOU" else -120_000, 0.10),
            }
            running: dict[str, float] = {}
            for m in year_months:
                for category, (monthly_budget, noise) in lines.items():
                    if not monthly_budget:
                        continue  # a line this unit does not have (Familjeenheten places no children)
                    actual = None
                    if m in actual_placements:
                        if category == "personal":
                            actual = -sum(_fte_in_month(world, t, m) for t in teams) * SALARY_MONTH
                        elif category == "konsulter":
                            actual = -sum(_fte_in_month(world, t, m, consultants=True) for t in teams) * CONSULTANT_MONTH
                        elif category == "kopt_vard_placeringar":
                            actual = -actual_placements[m]
                        else:
                            actual = monthly_budget * (1 + rng.normal(0.02 if category == "kopt_vard_oppenvard" else 0, noise))
                        actual = round(actual)
                        running[category] = running.get(category, 0.0) + actual
                    forecast = None
                    if actual is not None and m.month >= 2:
                        forecast = round(running[category] / m.month * 12 * (1 + rng.normal(0, 0.015)))
                    rows.append({"unit_code": unit, "month": m.strftime("%Y-%m"), "category": category,
                                 "budget": round(monthly_budget), "actual": actual, "forecast_year": forecast})
    return pd.DataFrame(rows)


def _targets(world: World) -> pd.DataFrame:
    base = {  # code: (target, warn)
        "ASSESS_14D": (0.9, 0.8), "INVEST_4M": (0.9, 0.75), "TALK_48H": (0.9, 0.7), "PROTECT_24H": (1.0, 0.95),
        "REREFERRAL_12M": (0.24, 0.28), "NOT_CARRIED_3M": (0, 3), "CASELOAD": (12, 15), "SICK_LEAVE": (0.057, 0.07),
        "TURNOVER": (0.15, 0.2), "VACANCY": (0, 2), "WORKLOAD_OVER": (0.2, 0.3), "BUDGET_DEV": (0, -0.02),
        "FORECAST_DEV": (0, -0.02), "INVEST_DAYS": (100, 120),
    }
    rows = []
    for year in range(world.start.year, world.cutoff.year + 1):
        for code, (target, warn) in base.items():
            rows.append({"kpi_code": code, "scope": None, "year": year, "period": None, "target": target, "warn": warn})
        for unit in UNITS:
            rows.append({"kpi_code": "ASSESS_14D", "scope": unit, "year": year, "period": None, "target": 0.9, "warn": 0.8})
        rows.append({"kpi_code": "PLACEMENTS", "scope": "BOU", "year": year, "period": None, "target": 95, "warn": 105})
    return pd.DataFrame(rows)


# --- writing ---------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").replace(".", ",")
    return str(value)


def _write(frame: pd.DataFrame, path: Path) -> None:
    """CSV as Swedish Excel writes it: ';', UTF-8 with BOM, decimal comma."""
    lines = [";".join(frame.columns)]
    for row in frame.itertuples(index=False):
        lines.append(";".join(_cell(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
