"""Every code the store keeps, with its Swedish label, in one place.

The store keeps the plain code (`familjevard`); pages show the label
(`Familjevård`). The importer accepts the code case-insensitively and with or
without å/ä/ö, so both `Familjevård` and `familjevard` map to the same code.
"""

from __future__ import annotations

FUNCTIONS = {
    "mottagning": "Mottagning",
    "utredning": "Utredning",
    "familjevard": "Familjevård",
    "placering": "Placering",
    "oppenvard": "Öppenvård",
    "ovrigt": "Övrigt",
}

ROLES = {
    "socialsekreterare": "Socialsekreterare",
    "bitr_enhetschef": "Biträdande enhetschef",
    "enhetschef": "Enhetschef",
    "familjebehandlare": "Familjebehandlare",
    "administrator": "Administratör",
    "ovrig": "Övrig",
}

EMPLOYMENTS = {
    "tillsvidare": "Tillsvidare",
    "visstid": "Visstid",
    "konsult": "Konsult",
}

INTAKE_TYPES = {
    "anmalan": "Anmälan",
    "ansokan": "Ansökan",
    "ovrigt": "Övrig information",
}

REPORTERS = {
    "skola": "Skola",
    "forskola": "Förskola",
    "polis": "Polis",
    "halso_sjukvard": "Hälso- och sjukvård",
    "bup": "BUP",
    "socialtjanst": "Socialtjänst",
    "privatperson": "Privatperson",
    "anonym": "Anonym",
    "annan_kommun": "Annan kommun",
    "ovrig": "Övrig",
}

REASONS = {
    "vald": "Våld",
    "brott": "Brott",
    "missbruk_foralder": "Förälders missbruk",
    "missbruk_eget": "Eget missbruk",
    "psykisk_ohalsa": "Psykisk ohälsa",
    "skolfranvaro": "Skolfrånvaro",
    "relation_konflikt": "Relation/konflikt",
    "hedersrelaterat": "Hedersrelaterat",
    "ovrigt": "Övrigt",
}

GENDERS = {
    "flicka": "Flicka",
    "pojke": "Pojke",
    "annat": "Annat",
    "okant": "Okänt",
}

ASSESSMENT_OUTCOMES = {
    "inleds": "Utredning inleds",
    "inleds_ej": "Utredning inleds ej",
    "pagaende": "Till pågående utredning",
}

INVESTIGATION_OUTCOMES = {
    "insats": "Insats",
    "ingen_insats": "Ingen insats",
    "overflyttad": "Överflyttad",
    "annat": "Annat",
}

INTERVENTION_CATEGORIES = {
    "placering": "Placering",
    "oppenvard": "Öppenvård",
}

PLACEMENT_KINDS = {
    "familjehem": "Familjehem",
    "natverkshem": "Nätverkshem",
    "jourhem": "Jourhem",
    "hvb": "HVB",
    "sis": "SiS",
    "stodboende": "Stödboende",
    "traningslagenhet": "Träningslägenhet",
    "skyddat_boende": "Skyddat boende",
}

OUTPATIENT_KINDS = {
    "familjebehandling": "Familjebehandling",
    "kontaktperson": "Kontaktperson",
    "kontaktfamilj": "Kontaktfamilj",
    "stodsamtal": "Stödsamtal",
    "ovrig": "Övrig öppenvård",
}

INTERVENTION_KINDS = {**PLACEMENT_KINDS, **OUTPATIENT_KINDS}

LEGAL_BASES = {"SoL": "SoL", "LVU": "LVU"}

PROVIDERS = {"egen_regi": "Egen regi", "extern": "Extern"}

AGE_BANDS = {"0-12": "0–12 år", "13-17": "13–17 år", "18-20": "18–20 år", "okand": "Okänd ålder"}

BUDGET_CATEGORIES = {
    "intakter": "Intäkter",
    "personal": "Personal",
    "konsulter": "Konsulter",
    "kopt_vard_placeringar": "Köpt vård, placeringar",
    "kopt_vard_oppenvard": "Köpt vård, öppenvård",
    "lokaler": "Lokaler",
    "ovrigt": "Övrigt",
}

_PLAIN = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})


def plain(text: str) -> str:
    """Lower-case, strip and fold å/ä/ö so `Familjevård ` and `familjevard` compare equal."""
    return text.strip().lower().translate(_PLAIN)


def lookup_table(codes: dict[str, str]) -> dict[str, str]:
    """Map every accepted spelling of a code to the code the store keeps."""
    table: dict[str, str] = {}
    for code in codes:
        table[plain(code)] = code
    return table


def label(codes: dict[str, str], code: str | None) -> str:
    """The Swedish label of a code, or the code itself if it is unknown."""
    if code is None:
        return "–"
    return codes.get(code, code)
