"""Getting to the right page: deep links kept across the sign-in, and the presentation switch."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import streamlit as st


def remember_requested_page() -> None:
    """Keep the page part of the address (/inflode) and its link parameters for after the sign-in."""
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


def through_navigation(page_file: str) -> None:
    """Run every page through app.py's navigation, also the first deep link after a server start.

    Until some session has run st.navigation, Streamlit serves a deep link such as
    /inflode by running pages/inflode.py on its own (its legacy mode, with a sidebar of
    file names and no role filter). Then: remember the page, run app.py, come back.
    """
    if st.session_state.get("navigation_ready"):
        return
    st.session_state["return_to_page"] = f"pages/{Path(page_file).name}"
    st.session_state["link_params"] = dict(st.query_params)
    st.switch_page("app.py")
