"""Enhetskollen: the entry point. Page config, sign-in and the navigation the user's role opens.

Start with:  streamlit run app.py

Each page opens with `ui.shell.frame.page_setup(__file__, roles)` (the store, sign-in, the role check,
the sample-data notice and the shared filter bar), so a page behaves the same and is
guarded the same whether Streamlit reaches it through this navigation or directly.
"""

import streamlit as st

from services.access.roles import (
    ADMIN,
    ALL_ROLES,
    DASHBOARD_ROLES,
    DATA_ROLES,
    START_ROLES,
)
from ui.shell.frame import peek_user, signed_in_user
from ui.shell.navigation import remember_requested_page, requested_page

st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    (st.Page("pages/start.py", title="Start", icon=":material/home:", default=True), START_ROLES),
    (st.Page("pages/oversikt.py", title="Översikt", icon=":material/dashboard:"), DASHBOARD_ROLES),
    (st.Page("pages/mal.py", title="Mål och indikatorer", icon=":material/flag:"), DASHBOARD_ROLES),
    (st.Page("pages/inflode.py", title="Inflöde", icon=":material/move_to_inbox:"), DASHBOARD_ROLES),
    (st.Page("pages/tidsfrister.py", title="Tidsfrister", icon=":material/timer:"), DASHBOARD_ROLES),
    (st.Page("pages/placeringar.py", title="Placeringar", icon=":material/home_work:"), DASHBOARD_ROLES),
    (st.Page("pages/ekonomi.py", title="Ekonomi", icon=":material/account_balance:"), DASHBOARD_ROLES),
    (st.Page("pages/personal.py", title="Personal", icon=":material/groups:"), DASHBOARD_ROLES),
    (st.Page("pages/arbetstyngd.py", title="Arbetstyngd", icon=":material/balance:"), DASHBOARD_ROLES),
    (st.Page("pages/presentation.py", title="Presentation", icon=":material/co_present:"), ALL_ROLES),
    (st.Page("pages/data.py", title="Data", icon=":material/database:"), DATA_ROLES),
    (st.Page("pages/anvandare.py", title="Användare och logg", icon=":material/admin_panel_settings:"), ADMIN),
]

st.session_state["navigation_ready"] = True  # pages run through here (see ui.shell.navigation.through_navigation)
if peek_user() is None:
    # Only the sign-in runs. Every page is registered (hidden) so that a deep link such as
    # /inflode?enhet=BOU is known; it is remembered and opened once the person has signed in.
    remember_requested_page()
    sign_in = st.Page(signed_in_user, title="Logga in", default=True)
    requested = st.navigation([sign_in, *[page for page, _ in PAGES[1:]]], position="hidden")
    if requested != sign_in:
        st.switch_page(sign_in)
    requested.run()
    st.stop()

user = signed_in_user()  # checked again: the session may just have timed out
pages = [page for page, roles in PAGES if user.role in roles]
navigation = st.navigation(pages)
wanted = requested_page(pages)
if wanted is not None and wanted.url_path != navigation.url_path:
    st.switch_page(wanted)
navigation.run()
