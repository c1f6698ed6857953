"""The import contract (shared/spec/DATA_CONTRACT.md) as data: files, columns, aliases, kinds.

Everything the validator and the upsert need to know about a file lives here, so a
new column is one line, not a change in three places.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import codes
from services.kpis import catalogue


@dataclass(frozen=True)
class Col:
    """One column of an import file.

    `required`: the cell must have a value. `optional`: the column may be left out
    of the file altogether (a missing optional column never overwrites stored values).
    """

    name: str
    kind: str  # text | code | date | datetime | month | number | integer | boolean
    aliases: tuple[str, ...] = ()
    required: bool = False
    optional: bool = False
    codes: dict[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "team" | "staff" | "unit" | "scope"


@dataclass(frozen=True)
class After:
    """A date order rule: `column` must not be before `earlier` on the same row."""

    column: str
    earlier: str


@dataclass(frozen=True)
class FileSpec:
    name: str  # table name = file name without .csv = sheet name
    columns: tuple[Col, ...]
    key: tuple[str, ...]
    order_rules: tuple[After, ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)


TEAM = Col("team_code", "text", ("arbetsgrupp_kod",), required=True, references="team")
STAFF_REF = Col("staff_code", "text", ("personal_kod",), references="staff")
PERSON = Col("person_key", "text", ("person_id",), required=True)
MONTH = Col("month", "month", ("månad",), required=True)
GENDER = Col("gender", "code", ("kön",), codes=codes.GENDERS, optional=True)
BIRTH_YEAR = Col("birth_year", "integer", ("födelseår",), optional=True, minimum=1900, maximum=2100)

TEAMS = FileSpec(
    "teams",
    (
        Col("team_code", "text", ("arbetsgrupp_kod",), required=True),
        Col("team_name", "text", ("arbetsgrupp",), required=True),
        Col("unit_code", "text", ("enhet_kod",), required=True),
        Col("unit_name", "text", ("enhet",), required=True),
        Col("district", "text", ("förvaltning",), optional=True),
        Col("function", "code", ("funktion",), required=True, codes=codes.FUNCTIONS),
    ),
    key=("team_code",),
)

STAFF = FileSpec(
    "staff",
    (
        Col("staff_code", "text", ("personal_kod",), required=True),
        Col("display_name", "text", ("namn",), optional=True),
        TEAM,
        Col("role", "code", ("roll",), required=True, codes=codes.ROLES),
        Col("employment", "code", ("anställning",), required=True, codes=codes.EMPLOYMENTS),
        Col("fte", "number", ("sysselsättningsgrad",), required=True, minimum=0, maximum=1),
        Col("start_date", "date", ("startdatum",), required=True),
        Col("end_date", "date", ("slutdatum",)),
        Col("profession_start", "date", ("yrkesstart",), optional=True),
    ),
    key=("staff_code",),
    order_rules=(After("end_date", "start_date"),),
)

POSITIONS = FileSpec(
    "positions",
    (
        TEAM,
        MONTH,
        Col("budgeted_fte", "number", ("budgeterade_tjänster",), required=True, minimum=0),
    ),
    key=("team_code", "month"),
)

ABSENCE = FileSpec(
    "absence",
    (
        TEAM,
        MONTH,
        Col("scheduled_hours", "number", ("schemalagd_tid",), required=True, minimum=0),
        Col("sick_hours", "number", ("sjukfrånvaro_tim",), required=True, minimum=0),
        Col("sick_hours_short", "number", ("korttid_tim",), optional=True, minimum=0),
    ),
    key=("team_code", "month"),
)

INTAKES = FileSpec(
    "intakes",
    (
        Col("intake_id", "text", ("aktualisering_id",), required=True),
        PERSON,
        TEAM,
        Col("received_date", "datetime", ("inkom",), required=True),
        Col("intake_type", "code", ("typ",), required=True, codes=codes.INTAKE_TYPES),
        Col("reporter", "code", ("anmälare",), codes=codes.REPORTERS),
        Col("reason", "code", ("orsak",), codes=codes.REASONS),
        Col("gender", "code", ("kön",), codes=codes.GENDERS),
        Col("birth_year", "integer", ("födelseår",), minimum=1900, maximum=2100),
        Col("protection_assessed", "datetime", ("skyddsbedömning",), optional=True),
        Col("assessment_date", "date", ("förhandsbedömning_klar",)),
        Col("assessment_outcome", "code", ("beslut",), codes=codes.ASSESSMENT_OUTCOMES),
        Col("investigation_id", "text", ("utredning_id",)),
        Col("serious_talk", "datetime", ("allvarssamtal",), optional=True),
        Col("staff_code", "text", ("personal_kod",), optional=True, references="staff"),  # the handläggare; added in 0010
    ),
    key=("intake_id",),
    order_rules=(
        After("protection_assessed", "received_date"),
        # An assessment dated before its intake is accepted: it is valid but implausible, and the
        # data-quality report lists it for whoever fixes the case system (DATA_CONTRACT, quality).
        After("serious_talk", "received_date"),
    ),
)

INVESTIGATIONS = FileSpec(
    "investigations",
    (
        Col("investigation_id", "text", ("utredning_id",), required=True),
        PERSON,
        TEAM,
        STAFF_REF,
        Col("start_date", "date", ("inledd",), required=True),
        Col("extended_until", "date", ("förlängd_till",), optional=True),
        Col("end_date", "date", ("avslutad",)),
        Col("outcome", "code", ("utfall",), codes=codes.INVESTIGATION_OUTCOMES),
        Col("lvu_application", "boolean", ("ansökan_lvu",), optional=True),
        GENDER,
        BIRTH_YEAR,
    ),
    key=("investigation_id",),
    order_rules=(After("end_date", "start_date"), After("extended_until", "start_date")),
)

INTERVENTIONS = FileSpec(
    "interventions",
    (
        Col("intervention_id", "text", ("insats_id",), required=True),
        PERSON,
        TEAM,
        Col("category", "code", ("kategori",), required=True, codes=codes.INTERVENTION_CATEGORIES),
        Col("kind", "code", ("insatstyp",), required=True, codes=codes.INTERVENTION_KINDS),
        Col("legal_basis", "code", ("lagrum",), codes=codes.LEGAL_BASES),
        Col("provider", "code", ("utförare",), codes=codes.PROVIDERS),
        Col("provider_name", "text", ("utförare_namn",), optional=True),
        Col("decision_date", "date", ("beslutsdatum",), required=True),
        Col("start_date", "date", ("verkställd",)),
        Col("end_date", "date", ("avslutad",)),
        Col("daily_cost", "number", ("dygnskostnad",), optional=True, minimum=0),
        GENDER,
        BIRTH_YEAR,
    ),
    key=("intervention_id",),
    order_rules=(After("start_date", "decision_date"), After("end_date", "start_date")),
)

WORKLOAD = FileSpec(
    "workload",
    (
        Col("measured_on", "date", ("mätdatum",), required=True),
        Col("staff_code", "text", ("personal_kod",), required=True, references="staff"),
        Col("points", "number", ("poäng",), required=True, minimum=0),
        Col("self_rating", "integer", ("egen_bedömning",), minimum=0, maximum=100),
        Col("case_count", "integer", ("antal_ärenden",), optional=True, minimum=0),
    ),
    key=("measured_on", "staff_code"),
)

BUDGET = FileSpec(
    "budget",
    (
        Col("unit_code", "text", ("enhet_kod",), required=True, references="unit"),
        MONTH,
        Col("category", "code", ("kategori",), required=True, codes=codes.BUDGET_CATEGORIES),
        Col("budget", "number", ("budget",), required=True),
        Col("actual", "number", ("utfall",)),
        Col("forecast_year", "number", ("prognos_helår",), optional=True),
    ),
    key=("unit_code", "month", "category"),
)

TARGETS = FileSpec(
    "targets",
    (
        Col("kpi_code", "code", ("nyckeltal",), required=True, codes=catalogue.names()),
        Col("scope", "text", ("omfattning",), references="scope"),
        Col("year", "integer", ("år",), required=True, minimum=2000, maximum=2100),
        Col("period", "text", ("period",)),
        Col("target", "number", ("målvärde",), required=True),
        Col("warn", "number", ("varningsgräns",), optional=True),
    ),
    key=("kpi_code", "scope", "year", "period"),
)

# In the order they must be written: references point backwards in this list.
SPECS: dict[str, FileSpec] = {
    spec.name: spec
    for spec in (
        TEAMS,
        STAFF,
        POSITIONS,
        ABSENCE,
        INTAKES,
        INVESTIGATIONS,
        INTERVENTIONS,
        WORKLOAD,
        BUDGET,
        TARGETS,
    )
}
