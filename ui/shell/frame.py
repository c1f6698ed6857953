"""The frame every page starts with: page config, the store, sign-in, the role check and the filter bar.

A page calls `page_setup(__file__, roles)` itself instead of relying on app.py having run first:
Streamlit runs a file in `pages/` on its own in its legacy multipage mode (under AppTest, and
for the first deep link after a server start), and the page must look and behave the same then.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from services.access import audit, auth
from services.access.roles import DASHBOARD_ROLES
from services.core import store_info
from services.core.db import session_scope
from services.core.scope import Filters
from ui.output import format as fmt
from ui.shell import style
from ui.shell.auth import current_user as check_sign_in
from ui.shell.auth import (
    idle_expired,
    keep_session_cookie,
    oidc_configured,
    resumed_user_name,
    user_box,
    watch_idle,
)
from ui.shell.data import call, data_version
from ui.shell.filters import filter_bar, scope_label
from ui.shell.navigation import presentation_switch, through_navigation
from ui.shell.store import engine, sample_notice


def page_setup(page_file: str, roles: frozenset[str] = DASHBOARD_ROLES, presentation: bool = False) -> Filters:
    """The page's frame; `page_file` is the calling page's `__file__`. Returns the chosen filters."""
    through_navigation(page_file)
    st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")
    style.apply()
    eng = engine()
    user = check_sign_in(eng, notice=lambda: sample_notice(eng))
    st.session_state["signed_in"] = user
    keep_session_cookie()
    if user.role not in roles:
        st.error("Den här sidan ingår inte i din roll.", icon=":material/block:")
        st.stop()
    st.session_state["data_version"] = data_version()
    sample_notice(eng)
    filters = filter_bar(eng, user.access, page=Path(page_file).name)
    presentation_switch(user, presentation)
    user_box(eng, user, show_name=not presentation and user.role != "presentation")  # shared screens show no names
    with st.sidebar:
        watch_idle()
    return filters


def header(title: str, filters: Filters | None, *notes: str) -> None:
    """The page's title and one caption: scope · period · the page's own notes · how far the data goes.

    Every page says "Data t.o.m. 30 nov 2026", so nobody reads a partial year as a whole one.
    """
    st.title(title)
    parts = [scope_label(filters), filters.period.label] if filters is not None else []
    parts += [*notes, f"Data t.o.m. {fmt.day(call(store_info.data_date))}"]
    st.caption(" · ".join(part for part in parts if part))


def current_user():
    """The signed-in user of this page run (set by page_setup)."""
    return st.session_state["signed_in"]


def peek_user():
    """Who this session belongs to, without drawing anything: app.py builds the navigation from it."""
    name = resumed_user_name(engine())  # a reload or a new tab: the session cookie, if it is still valid
    if not name:
        return None
    if idle_expired() and not oidc_configured():  # timed out: the sign-in alone, not the role's page list beside it
        return None
    with session_scope(engine()) as session:
        return auth.signed_in(session, name)


def signed_in_user():
    """For app.py: the store ready and the user signed in, or the sign-in form and a stop."""
    style.apply()  # the sign-in form must meet the same contrast rules as the pages
    eng = engine()
    return check_sign_in(eng, notice=lambda: sample_notice(eng))


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
