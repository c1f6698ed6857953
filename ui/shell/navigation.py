"""Getting to the right page: deep links kept across the sign-in, and the presentation switch."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import streamlit as st


def address_page() -> str:
    """The page part of the address in the browser: 'inflode' in /inflode?enhet=BOU, '' at the root."""
    return urlparse(st.context.url or "").path.strip("/").split("/")[-1]


def remember_requested_page() -> None:
    """Keep the page part of the address (/inflode) and its link parameters for after the sign-in."""
    path = address_page()
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


NOT_FOUND_TITLE = "Sidan finns inte"


def unknown_addresses(pages, landing_file: str, remembered: bool = True) -> list:
    """A hidden page for an address that names no page of this navigation (/finns-inte, or a page the role
    does not open): Streamlit's own answer is an English dialog over its start page, this is a Swedish one.

    The page's url_path is the unknown address itself, so st.navigation finds it instead of failing.
    The default page's own file name (/start when Start is the landing page) is left alone: its url_path
    is "" and a second page by that name is not allowed.
    """
    names = {address_page()}
    if remembered and st.session_state.get("return_to_page"):
        names.add(Path(st.session_state["return_to_page"]).stem)
    known = {page.url_path for page in pages} | {Path(landing_file).stem}
    return [st.Page(not_found, title=NOT_FOUND_TITLE, url_path=name, visibility="hidden")
            for name in sorted(names) if name and name not in known and "." not in name]


def not_found() -> None:
    """The Swedish page for an address that leads nowhere, with the way back to the start page."""
    st.title(NOT_FOUND_TITLE)
    st.markdown("Adressen leder inte till någon sida i Enhetskollen, eller till en sida som din roll inte "
                "öppnar. Kontrollera adressen eller gå till startsidan.")
    if st.button("Till startsidan", type="primary", icon=":material/home:"):
        st.switch_page(st.session_state["landing_page"])


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
