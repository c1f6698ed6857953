"""The frame around every page: the store, the sample-data notice and the shared filter bar."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import streamlit as st

from sample_data import load as sample
from services.access import audit, auth
from services.core import store_info
from services.core.db import database_url, get_engine, migrate, session_scope
from services.core.periods import MONTH_NAMES, PERIOD_KINDS, period
from services.core.scope import Access, Filters
from ui import style
from ui.auth import current_user as check_sign_in
from ui.auth import user_box

ALL_UNITS = "Alla enheter"
ALL_TEAMS = "Alla arbetsgrupper"


@st.cache_resource(show_spinner=False)
def _prepared_engine(url: str):
    """Migrate once per process; on an empty store, load the sample municipality."""
    engine = get_engine(url)
    migrate(engine)
    loaded = False
    if store_info.store_is_empty(engine):
        with tempfile.TemporaryDirectory() as out:  # `cli.py sample-data --out DIR` keeps the files
            result = sample.load_sample(engine, Path(out), username="system")
        if not result.ok:
            raise RuntimeError("Exempeldata kunde inte läsas in: " + "; ".join(result.errors[:3]))
        loaded = True
    _first_accounts(engine)
    return engine, loaded


def _first_accounts(engine) -> None:
    """No accounts yet: create 'admin' (and on the sample store a demo enhetschef), passwords printed once."""
    with session_scope(engine) as session:
        password = auth.ensure_first_admin(session)
        if password is None:
            return
        lines = [f"  admin / {password}  (administratör)"]
        if store_info.holds_only_sample(engine):
            units = [code for code, _ in store_info.units(session)]
            demo = auth.create_user(session, "chef", "enhetschef", units, display_name="Exempelchef")
            lines.append(f"  chef / {demo}  (enhetschef för exempelenheterna)")
    print("Enhetskollen: de första kontona (lösenorden visas bara nu, byt dem på sidan Användare):", *lines, sep="\n", flush=True)


def engine():
    """The store this app runs on (DATABASE_URL, else the embedded SQLite file)."""
    with st.spinner("Förbereder databasen (första start: läser in exempeldata)…"):
        eng, _ = _prepared_engine(database_url())
    return eng


def sample_notice(eng) -> None:
    """Say plainly when what is on screen is the fictional sample, not the unit's own data."""
    if store_info.holds_only_sample(eng):
        st.info(
            "**Exempeldata** – Enhetskollen visar en påhittad stadsdel (Norrvik) med fiktiva enheter, "
            "ärenden och personal. Läs in era egna extrakt med `python cli.py import MAPP`.",
            icon=":material/science:",
        )


def filter_bar(eng, access: Access, page: str = "") -> Filters:
    """Unit, team and period in the sidebar, among what the user may see; shared by every page."""
    with session_scope(eng) as session:
        units = store_info.units(session, access)
        first, last = store_info.data_months(session)
    sidebar = st.sidebar
    sidebar.markdown("### Urval")
    unit_names = {name: code for code, name in units}
    _restore_choices(page)
    _defaults_from_link(units, first, last)
    unit_choice = sidebar.selectbox("Enhet", [ALL_UNITS, *unit_names], key="filter_unit")
    unit_code = unit_names.get(unit_choice)
    with session_scope(eng) as session:
        teams = store_info.teams(session, unit_code, access)
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
    _keep_choices()
    filters = Filters(period(year, kind, month), unit_code, team_code, access)
    st.session_state["scope_names"] = {code: name for code, name in [*units, *teams]}
    st.session_state["filters"] = filters
    return filters


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


def _defaults_from_link(units, first, last) -> None:
    """A link like ?enhet=BOU&ar=2026&period=T2 (or &manad=10) opens with that selection, once per session."""
    if st.session_state.get("filters_from_link"):
        return
    st.session_state["filters_from_link"] = True
    params = st.session_state.pop("link_params", None) or st.query_params
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


DASHBOARD_ROLES = frozenset({"admin", "enhetschef", "bitr_enhetschef", "ledning"})
ALL_ROLES = frozenset(auth.ROLES)
ADMIN = frozenset({"admin"})
DATA_ROLES = frozenset({"admin", "enhetschef"})  # imports (admin) and the data-quality report
MANAGER_ROLES = frozenset({"enhetschef", "bitr_enhetschef"})  # record workload, edit the model
SETTINGS_ROLES = frozenset({"admin", "enhetschef"})  # thresholds that colour everyone's pages


def current_user():
    """The signed-in user of this page run (set by page_setup)."""
    return st.session_state["signed_in"]


def peek_user():
    """Who this session belongs to, without drawing anything: app.py builds the navigation from it."""
    name = st.session_state.get("user_name")
    if not name:
        return None
    with session_scope(engine()) as session:
        return auth.signed_in(session, name)


def remember_requested_page() -> None:
    """Keep the page part of the address (/inflode) and its link parameters for after the sign-in."""
    from urllib.parse import urlparse

    path = urlparse(st.context.url or "").path.strip("/").split("/")[-1]
    if path:
        st.session_state["return_to_page"] = path
        st.session_state["link_params"] = dict(st.query_params)


def requested_page(pages):
    """The page remembered at sign-in (a file under pages/ or a URL path), if the role opens it; once."""
    wanted = st.session_state.pop("return_to_page", None)
    if not wanted:
        return None
    name = Path(wanted).stem
    return next((page for page in pages if page.url_path == name), None)


def signed_in_user():
    """For app.py: the store ready and the user signed in, or the sign-in form and a stop."""
    style.apply()  # the sign-in form must meet the same contrast rules as the pages
    eng = engine()
    return check_sign_in(eng, notice=lambda: sample_notice(eng))


PRESENTATION_PAGE = "pages/presentation.py"


def presentation_switch(user, on_presentation_page: bool) -> None:
    """The sidebar switch for meetings on a shared screen; the presentation role is always in it."""
    if user.role == "presentation":
        return
    wanted = st.sidebar.toggle("Presentationsläge", value=on_presentation_page, key=f"presentation_{on_presentation_page}",
                               help="Stor text, en vy i taget, inga namn eller id, små antal som ”<5”.")
    if wanted and not on_presentation_page:
        st.switch_page(PRESENTATION_PAGE)
    if not wanted and on_presentation_page:
        st.switch_page("pages/oversikt.py")


def _through_navigation() -> None:
    """Run every page through app.py's navigation, also the first deep link after a server start.

    Until some session has run st.navigation, Streamlit serves a deep link such as
    /inflode by running pages/inflode.py on its own (its legacy mode, with a sidebar of
    file names and no role filter). Then: remember the page, run app.py, come back.
    """
    if st.session_state.get("navigation_ready"):
        return
    page_file = Path(sys._getframe(2).f_globals["__file__"])  # the page that called page_setup
    st.session_state["return_to_page"] = f"pages/{page_file.name}"
    st.session_state["link_params"] = dict(st.query_params)
    st.switch_page("app.py")


def page_setup(roles: frozenset[str] = DASHBOARD_ROLES, presentation: bool = False) -> Filters:
    """The frame every page starts with: page config, the store, the sample notice and the filter bar.

    Pages call this themselves instead of relying on app.py having run first:
    Streamlit runs a file in `pages/` on its own in its legacy multipage mode
    (under AppTest, and for the first deep link after a server start), and the
    page must look and behave the same then.
    """
    from ui.data import data_version

    _through_navigation()
    st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")
    style.apply()
    eng = engine()
    user = check_sign_in(eng, notice=lambda: sample_notice(eng))
    st.session_state["signed_in"] = user
    if user.role not in roles:
        st.error("Den här sidan ingår inte i din roll.", icon=":material/block:")
        st.stop()
    st.session_state["data_version"] = data_version()
    sample_notice(eng)
    filters = filter_bar(eng, user.access, page=Path(sys._getframe(1).f_globals.get("__file__", "")).name)
    presentation_switch(user, presentation)
    user_box(eng, user, show_name=not presentation)
    return filters


def log_list_view(list_name: str, filters: Filters) -> None:
    """Audit that the user saw a list with pseudonymous ids: once per list, scope and period per session."""
    key = ("viewed", list_name, filters.scope_code, filters.period.label)
    if st.session_state.get(key):
        return
    st.session_state[key] = True
    user = current_user()
    with session_scope(engine()) as session:
        audit.record(session, user.username, "visning", list_name, f"{filters.scope_code or 'alla'} {filters.period.label}")


def log_export(file_name: str) -> None:
    """Audit a download of a page's tables (a button callback: runs before the next page run)."""
    user = st.session_state.get("signed_in")
    if user is None:
        return
    with session_scope(engine()) as session:
        audit.record(session, user.username, "export", file_name)
