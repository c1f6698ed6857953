"""The KPI card: value, the count behind it, target, status (colour + icon + word), changes, trend."""

from __future__ import annotations

import html

import streamlit as st

from services.kpis import catalogue
from services.kpis.overview import KpiOverview
from ui.output import format as fmt
from ui.output import sparkline
from ui.output.kpi_text import basis_text, preliminary_text, target_text, value_text
from ui.output.status import STATUS


def _change_text(code: str, now: float | None, before: float | None, label: str) -> str:
    if now is None or before is None:
        return f"{label}: {fmt.DASH}"
    diff = now - before
    if catalogue.get(code).is_share:
        text = f"{'+' if diff >= 0 else '−'}{fmt.number(abs(diff) * 100)} procentenheter"
    else:
        text = f"{'+' if diff >= 0 else '−'}{fmt.number(abs(diff), 1 if abs(diff) < 10 and diff % 1 else 0)}"
    return f"{label}: {text}"


def status_badge(status: str) -> str:
    """HTML for a status chip; only fixed texts go in, never data."""
    style = STATUS[status]
    return (
        f'<span style="background:{style.colour};color:white;border-radius:0.8em;padding:0.1em 0.6em;'
        f'font-size:0.85em;white-space:nowrap">{style.icon} {html.escape(style.short)}</span>'
    )


# Where each card leads: the page that explains the figure, with the same filters (they follow the manager).
PAGE_OF_AREA = {"flow": "pages/tidsfrister.py", "placements": "pages/placeringar.py",
                "staffing": "pages/personal.py", "economy": "pages/ekonomi.py"}
PAGE_OF_KPI = {"INFLOW": "pages/inflode.py", "WORKLOAD_OVER": "pages/arbetstyngd.py"}
PAGE_TITLES = {"pages/tidsfrister.py": "Tidsfrister", "pages/placeringar.py": "Placeringar", "pages/personal.py": "Personal",
               "pages/ekonomi.py": "Ekonomi", "pages/inflode.py": "Inflöde", "pages/arbetstyngd.py": "Arbetstyngd"}


def page_of(code: str) -> str:
    return PAGE_OF_KPI.get(code) or PAGE_OF_AREA[catalogue.get(code).area]


def no_value_reason(result) -> str:
    """A card that cannot have a value says why in words, never only "–"."""
    if result.value is not None:
        return ""
    return result.note or "inget att räkna i perioden för det här urvalet"


def comment_box(result, comment, editable: bool, save) -> None:
    """The month's comment under the card; her own managers write it in a small popover."""
    if comment is not None:
        apt = " · visas på APT" if comment.for_apt else ""
        st.markdown(f"💬 {fmt.plain(comment.text)}")
        st.caption(f"{fmt.plain(comment.author_name)}, {fmt.date(comment.written_at)}{apt}")
    if not editable:
        return
    with st.popover("Kommentera" if comment is None else "Ändra kommentaren", icon=":material/edit_note:"):
        with st.form(f"comment_{result.code}", clear_on_submit=False, enter_to_submit=False):
            text = st.text_area("Kommentar för perioden", value=comment.text if comment else "", max_chars=1000,
                                help="Följer med i månads- och tertialrapporten. Tom text tar bort kommentaren.")
            for_apt = st.checkbox("Visa på APT (delad skärm)", value=bool(comment and comment.for_apt))
            if st.form_submit_button("Spara"):
                error = save(result.code, text, for_apt)
                if error:
                    st.error(error)
                else:
                    st.rerun()


def kpi_card(item: KpiOverview, key: str, team_view: bool = False, comment=None, editable: bool = False,
             save=None) -> None:
    result = item.result
    with st.container(border=True):
        st.markdown(f"**{html.escape(result.name)}**")
        if team_view and catalogue.get(result.code).unit_level:
            st.caption("Enhetens siffra: budgeten följs per enhet")
        st.markdown(
            f'<div style="font-size:2.1em;font-weight:600;line-height:1.1">{html.escape(value_text(result.code, result.value))}</div>',
            unsafe_allow_html=True,
        )
        basis = basis_text(result)
        st.markdown(
            f'<div style="color:#4A5560;font-size:0.9em">{html.escape(basis) or "&nbsp;"}</div>'
            f'<div style="margin:0.3em 0">{status_badge(result.status)} '
            f'<span style="color:#4A5560;font-size:0.9em">{html.escape(target_text(result) if result.target is not None else "")}</span></div>',
            unsafe_allow_html=True,
        )
        for words in (no_value_reason(result) or result.note, preliminary_text(result)):
            if words:
                st.caption(words)
        changes = []
        if item.monthly:
            changes.append(_change_text(result.code, result.value, item.previous, "mot förra månaden"))
        changes.append(_change_text(result.code, result.value, item.last_year, "mot samma period i fjol"))
        st.caption(" · ".join(changes))
        months = [m for m, _ in item.trend]
        values = [v for _, v in item.trend]
        if any(v is not None for v in values):
            st.markdown(sparkline.svg(values, months, catalogue.get(result.code).is_share), unsafe_allow_html=True)  # SVG: no chart to build (st.html drops SVG)
        comment_box(result, comment, editable, save)
        target_page = page_of(result.code)
        st.page_link(target_page, label=f"Till {PAGE_TITLES[target_page]}", icon=":material/arrow_forward:")
