"""The shared filter bar: unit, team, year and period in the sidebar, among what the user may see.

The choices follow the manager from page to page (Streamlit drops a page's widget state when
another page runs) and a link's ?enhet=&ar=&period=&manad= opens with that selection.
`filter_bar` returns the filters; nothing else is left behind for pages to read.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from services.core import store_info
from services.core.db import session_scope
from services.core.periods import MONTH_NAMES, PERIOD_KINDS, as_of, period
from services.core.scope import Access, Filters
from ui.shell.data import call

ALL_UNITS = store_info.ALL_UNITS
ALL_TEAMS = "Alla arbetsgrupper"
CHOOSE = "Välj"  # every select box's placeholder: Streamlit's own says "Choose an option", also when a value is chosen


def filter_bar(eng, access: Access, page: str) -> Filters:
    """Unit, team and period in the sidebar, among what the user may see; shared by every page."""
    with session_scope(eng) as session:
        units = store_info.units(session, access)
    first, last = call(store_info.data_months)  # cached by the data version: 0.1–0.6 s on the city store, every page run
    sidebar = st.sidebar
    sidebar.markdown("### Urval")
    unit_names = {name: code for code, name in units}
    _restore_choices(page)
    notices = _defaults_from_link(units, first, last)
    unit_choice = sidebar.selectbox("Enhet", [ALL_UNITS, *unit_names], key="filter_unit", placeholder=CHOOSE)
    unit_code = unit_names.get(unit_choice)
    with session_scope(eng) as session:
        teams = store_info.teams(session, unit_code, access)
    team_names = {name: code for code, name in teams}
    linked_team = st.session_state.pop("link_team", None)
    if linked_team is not None:
        if linked_team in dict(teams):
            st.session_state["filter_team"] = dict(teams)[linked_team]
        else:
            notices.append(f"Länken gäller arbetsgruppen ”{linked_team}”, som inte finns eller som du inte har behörighet till. "
                           "Här visas i stället alla arbetsgrupper.")
    team_choice = sidebar.selectbox("Arbetsgrupp", [ALL_TEAMS, *team_names], key="filter_team", placeholder=CHOOSE)
    team_code = team_names.get(team_choice)

    last = last or dt.date.today().replace(day=1)
    first = first or last
    years = list(range(last.year, first.year - 1, -1))
    year = sidebar.selectbox("År", years, key="filter_year", placeholder=CHOOSE)
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
            "Månad", months, key=month_key, format_func=lambda m: MONTH_NAMES[m - 1].capitalize(), placeholder=CHOOSE,
        )
    _keep_choices()
    for notice in notices:
        st.warning(notice, icon=":material/link_off:")
    _link_to_view(unit_code, team_code, year, kind, month)
    return Filters(as_of(period(year, kind, month), call(store_info.data_date)), unit_code, team_code, access)


def _link_to_view(unit_code, team_code, year, kind, month) -> None:
    """The address carries the view (?enhet=BOU&ar=2026&period=T2), so a copied link opens the same view."""
    wanted = {"enhet": unit_code, "grupp": team_code, "ar": str(year), "period": kind,
              "manad": str(month) if month else None}
    wanted = {key: value for key, value in wanted.items() if value}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


KEPT = "kept_choices"


def _filter_keys() -> list[str]:
    return [k for k in st.session_state if isinstance(k, str) and k.startswith("filter_") and k != "filters_from_link"]


def _keep_choices() -> None:
    """Remember the filter choices outside the widgets: Streamlit drops a page's widget
    state when another page runs, and the manager expects her unit and month to follow her."""
    st.session_state[KEPT] = {k: st.session_state[k] for k in _filter_keys()}


def _restore_choices(page: str) -> None:
    """On arriving at another page, give its new filter widgets the choices made on the last one."""
    if st.session_state.get("filters_page") == page:
        return
    st.session_state["filters_page"] = page
    for key, value in st.session_state.get(KEPT, {}).items():
        st.session_state[key] = value


def _defaults_from_link(units, first, last) -> list[str]:
    """A link like ?enhet=BOU&grupp=UTR1&ar=2026&period=T2 (or &manad=10) opens with that selection, once per
    session. A value she may not see, or that does not exist, is never dropped silently: it gets a notice."""
    if st.session_state.get("filters_from_link"):
        return []
    st.session_state["filters_from_link"] = True
    params = st.session_state.pop("link_params", None) or st.query_params
    names = {code: name for code, name in units}
    notices = []
    unit = params.get("enhet")
    if unit in names:
        st.session_state["filter_unit"] = names[unit]
    elif unit:
        notices.append(f"Länken gäller enheten ”{unit}”, som inte finns eller som du inte har behörighet till. "
                       "Här visas i stället det du får se.")
    if params.get("grupp"):
        st.session_state["link_team"] = params["grupp"]
    year = params.get("ar", "")
    if year.isdigit() and first and last and first.year <= int(year) <= last.year:
        st.session_state["filter_year"] = int(year)
    elif year:
        notices.append(f"Länken gäller år {year}, som det inte finns uppgifter för. Här visas det senaste året.")
    if params.get("period") in PERIOD_KINDS:
        st.session_state["filter_kind"] = params["period"]
    elif params.get("period"):
        notices.append(f"Länkens period ”{params['period']}” finns inte (välj månad, T1, T2 eller helår).")
    if params.get("manad", "").isdigit() and "filter_year" in st.session_state:
        st.session_state["filter_kind"] = "månad"
        st.session_state[f"filter_month_{st.session_state['filter_year']}"] = int(params["manad"])
    return notices


def scope_label(filters: Filters) -> str:
    """'Barn- och ungdomsenheten › Utredningsgrupp 1' for page captions."""
    return call(store_info.scope_label, filters)
