"""The frame around every page: the store, the sample-data notice and the shared filter bar."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st

from services import sample, store_info
from services.db import database_url, get_engine, migrate, session_scope
from services.periods import MONTH_NAMES, PERIOD_KINDS, period
from services.scope import Filters
from ui import style

ALL_UNITS = "Alla enheter"
ALL_TEAMS = "Alla arbetsgrupper"


@st.cache_resource(show_spinner=False)
def _prepared_engine(url: str):
    """Migrate once per process; on an empty store, load the sample municipality."""
    engine = get_engine(url)
    migrate(engine)
    loaded = False
    if sample.store_is_empty(engine):
        with tempfile.TemporaryDirectory() as out:  # `cli.py sample-data --out DIR` keeps the files
            result = sample.load_sample(engine, Path(out), username="system")
        if not result.ok:
            raise RuntimeError("Exempeldata kunde inte läsas in: " + "; ".join(result.errors[:3]))
        loaded = True
    return engine, loaded


def engine():
    """The store this app runs on (DATABASE_URL, else the embedded SQLite file)."""
    with st.spinner("Förbereder databasen (första start: läser in exempeldata)…"):
        eng, _ = _prepared_engine(database_url())
    return eng


def sample_notice(eng) -> None:
    """Say plainly when what is on screen is the fictional sample, not the unit's own data."""
    if sample.holds_only_sample(eng):
        st.info(
            "**Exempeldata** – Enhetskollen visar en påhittad stadsdel (Norrvik) med fiktiva enheter, "
            "ärenden och personal. Läs in era egna extrakt med `python cli.py import MAPP`.",
            icon=":material/science:",
        )


def filter_bar(eng) -> Filters:
    """Unit, team and period in the sidebar; the result is shared by every page."""
    with session_scope(eng) as session:
        units = store_info.units(session)
        first, last = store_info.data_months(session)
    sidebar = st.sidebar
    sidebar.markdown("### Urval")
    unit_names = {name: code for code, name in units}
    _defaults_from_link(units, first, last)
    unit_choice = sidebar.selectbox("Enhet", [ALL_UNITS, *unit_names], key="filter_unit")
    unit_code = unit_names.get(unit_choice)
    with session_scope(eng) as session:
        teams = store_info.teams(session, unit_code)
    team_names = {name: code for code, name in teams}
    team_choice = sidebar.selectbox("Arbetsgrupp", [ALL_TEAMS, *team_names], key="filter_team")
    team_code = team_names.get(team_choice)

    last = last or dt.date.today().replace(day=1)
    first = first or last
    years = list(range(last.year, first.year - 1, -1))
    year = sidebar.selectbox("År", years, key="filter_year")
    kind = sidebar.radio(
        "Period", PERIOD_KINDS, key="filter_kind", horizontal=True,
        format_func=lambda k: {"månad": "Månad", "helår": "Helår"}.get(k, k),
    )
    month = None
    if kind == "månad":
        months = list(range(1, (last.month if year == last.year else 12) + 1))
        month_key = f"filter_month_{year}"
        if st.session_state.get(month_key) not in months:
            st.session_state[month_key] = months[-1]  # default: the latest month with data
        month = sidebar.selectbox(
            "Månad", months, key=month_key, format_func=lambda m: MONTH_NAMES[m - 1].capitalize(),
        )
    filters = Filters(period(year, kind, month), unit_code, team_code)
    st.session_state["scope_names"] = {code: name for code, name in [*units, *teams]}
    st.session_state["filters"] = filters
    return filters


def _defaults_from_link(units, first, last) -> None:
    """A link like ?enhet=BOU&ar=2026&period=T2 (or &manad=10) opens with that selection, once per session."""
    if st.session_state.get("filters_from_link"):
        return
    st.session_state["filters_from_link"] = True
    params = st.query_params
    names = {code: name for code, name in units}
    if params.get("enhet") in names:
        st.session_state["filter_unit"] = names[params["enhet"]]
    if params.get("ar", "").isdigit() and first and last and first.year <= int(params["ar"]) <= last.year:
        st.session_state["filter_year"] = int(params["ar"])
    if params.get("period") in PERIOD_KINDS:
        st.session_state["filter_kind"] = params["period"]
    if params.get("manad", "").isdigit() and "filter_year" in st.session_state:
        st.session_state["filter_kind"] = "månad"
        st.session_state[f"filter_month_{st.session_state['filter_year']}"] = int(params["manad"])


def scope_label(filters: Filters) -> str:
    """'Barn- och ungdomsenheten › Utredningsgrupp 1' for page captions."""
    names = st.session_state.get("scope_names", {})
    if filters.team_code:
        return f"{names.get(filters.unit_code, filters.unit_code or '')} › {names.get(filters.team_code, filters.team_code)}".lstrip(" ›")
    if filters.unit_code:
        return names.get(filters.unit_code, filters.unit_code)
    return ALL_UNITS


def page_setup() -> Filters:
    """The frame every page starts with: page config, the store, the sample notice and the filter bar.

    Pages call this themselves instead of relying on app.py having run first:
    Streamlit runs a file in `pages/` on its own in its legacy multipage mode
    (under AppTest, and for the first deep link after a server start), and the
    page must look and behave the same then.
    """
    from ui.data import data_version

    st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")
    style.apply()
    eng = engine()
    st.session_state["data_version"] = data_version()
    sample_notice(eng)
    return filter_bar(eng)
