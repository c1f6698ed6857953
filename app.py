"""Enhetskollen: the entry point. Page config, sign-in and the navigation the user's role opens.

Start with:  streamlit run app.py

Each page opens with `ui.shell.frame.page_setup(__file__, roles)` (the store, sign-in, the role check,
the sample-data notice and the shared filter bar), so a page behaves the same and is
guarded the same whether Streamlit reaches it through this navigation or directly.
"""

from pathlib import Path

import streamlit as st

from services.access.roles import (
    ADMIN,
    ALL_ROLES,
    DASHBOARD_ROLES,
    DATA_ROLES,
    START_ROLES,
)
from ui.shell.frame import peek_user, signed_in_user
from ui.shell.navigation import (
    remember_requested_page,
    requested_page,
    unknown_addresses,
)

st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")

# (file, title, icon, roles): the pages each role opens, in the navigation's order.
PAGE_LIST = [
    ("pages/start.py", "Start", ":material/home:", START_ROLES),
    ("pages/oversikt.py", "Översikt", ":material/dashboard:", DASHBOARD_ROLES),
    ("pages/mal.py", "Mål och indikatorer", ":material/flag:", DASHBOARD_ROLES),
    ("pages/inflode.py", "Inflöde", ":material/move_to_inbox:", DASHBOARD_ROLES),
    ("pages/tidsfrister.py", "Tidsfrister", ":material/timer:", DASHBOARD_ROLES),
    ("pages/placeringar.py", "Placeringar", ":material/home_work:", DASHBOARD_ROLES),
    ("pages/ekonomi.py", "Ekonomi", ":material/account_balance:", DASHBOARD_ROLES),
    ("pages/personal.py", "Personal", ":material/groups:", DASHBOARD_ROLES),
    ("pages/arbetstyngd.py", "Arbetstyngd", ":material/balance:", DASHBOARD_ROLES),
    ("pages/presentation.py", "Presentation", ":material/co_present:", ALL_ROLES),
    ("pages/data.py", "Data", ":material/database:", DATA_ROLES),
    ("pages/anvandare.py", "Användare och logg", ":material/admin_panel_settings:", ADMIN),
    ("pages/konto.py", "Mitt konto", ":material/account_circle:", ALL_ROLES),
]
# Where each role lands: the enhetschef on the month's status, ledning on the units side by side,
# the shared screen on the presentation, the administrator on Start (what the store holds).
LANDING = {"enhetschef": "pages/oversikt.py", "bitr_enhetschef": "pages/oversikt.py",
           "ledning": "pages/presentation.py", "presentation": "pages/presentation.py", "admin": "pages/start.py"}


def pages_for() -> list[tuple[st.Page, frozenset]]:
    """Every page under its own address (/oversikt), so a copied link opens the same page for every role."""
    return [(st.Page(file, title=title, icon=icon), roles) for file, title, icon, roles in PAGE_LIST]


def root_for(landing: st.Page) -> st.Page:
    """The bare address (/) opens the role's landing page, under that page's own address and with the link's
    parameters: the enhetschef's /?enhet=BOU becomes /oversikt?enhet=BOU, which ledning opens as Översikt too."""
    def to_landing() -> None:
        st.switch_page(landing, query_params=dict(st.query_params))
    return st.Page(to_landing, title="Enhetskollen", default=True, visibility="hidden")


st.session_state["navigation_ready"] = True  # pages run through here (see ui.shell.navigation.through_navigation)
if peek_user() is None:
    # Only the sign-in runs. Every page is registered (hidden) so that a deep link such as
    # /inflode?enhet=BOU is known; it is remembered and opened once the person has signed in.
    remember_requested_page()
    sign_in = st.Page(signed_in_user, title="Logga in", default=True)
    hidden = [page for page, _ in pages_for()]
    requested = st.navigation([sign_in, *hidden, *unknown_addresses(hidden, "", remembered=False)],
                              position="hidden")
    if requested != sign_in:
        st.switch_page(sign_in)
    requested.run()
    st.stop()

user = signed_in_user()  # checked again: the session may just have timed out
if user.role == "ledning":
    st.session_state.setdefault("presentation_view", "Ledningsgrupp")
pages = [page for page, roles in pages_for() if user.role in roles]
st.session_state["landing_page"] = LANDING.get(user.role, "pages/start.py")
landing = next(page for page in pages if page.url_path == Path(st.session_state["landing_page"]).stem)
# An address that names no page of this role gets a Swedish "Sidan finns inte" (ui.shell.navigation.not_found).
pages += unknown_addresses(pages, st.session_state["landing_page"])
navigation = st.navigation([root_for(landing), *pages], expanded=True)  # every page listed: no English "View 3 more"
wanted = requested_page(pages)
if wanted is not None and wanted.url_path != navigation.url_path:
    st.switch_page(wanted)
navigation.run()
