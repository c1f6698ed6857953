"""Presentationsläge: one large, calm view at a time for APT and the ledningsgrupp.

No names, no pseudonymous ids, counts 1–4 shown as "<5" (services/core/secrecy.py). The
sidebar, the sample notice, the chart toolbar and the folded tables are hidden: the screen
shows one message and its chart. ArrowRight/ArrowLeft (and PageDown/PageUp, as clickers
send them) step through the slides.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from services.access import roles
from services.kpis import catalogue, overview, presentation
from ui.output.charts import plotly_chart
from ui.output.charts.build import board_chart, slide_chart
from ui.shell import frame, style
from ui.shell.data import call
from ui.shell.filters import CHOOSE, scope_label
from ui.widgets import charts

filters = frame.page_setup(__file__, roles.ALL_ROLES, presentation=True)
user = frame.current_user()
style.presentation(show_sidebar=st.session_state.get("presentation_menu", False))

top = st.columns([6, 1.2, 1.2], vertical_alignment="center")
view = top[0].segmented_control("Visa", ["APT", "Ledningsgrupp"], default="APT", key="presentation_view",
                                label_visibility="collapsed") or "APT"
top[1].toggle("Meny", key="presentation_menu", help="Visa sidopanelen med filtren")
if user.role != "presentation" and top[2].button("Avsluta", type="tertiary", icon=":material/close:",
                                                 key="leave_presentation", help="Lämna presentationsläget"):
    st.switch_page("pages/oversikt.py")

# Clickers send PageDown/PageUp; the buttons' own shortcuts take the arrow keys. The listener is made
# in the parent page's realm, once, and only clicks the two buttons.
_CLICKER = """
<script>
const p = window.parent;
if (!p.__enhetskollenClicker) {
  p.__enhetskollenClicker = true;
  p.document.addEventListener('keydown', new p.Function('event', `
    const t = event.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    const want = {PageDown: 'Nästa', PageUp: 'Föregående'}[event.key];
    if (!want) return;
    const button = Array.from(document.querySelectorAll('button')).find(b => b.innerText.includes(want));
    if (button) { event.preventDefault(); button.click(); }
  `));
}
</script>
"""


def chart(make, key: str, fill: bool = True) -> None:
    """The chart as tall as the screen allows: drawn for a large and a small screen, CSS shows the one that fits.

    Streamlit gives a Plotly chart a height in pixels, and the browser's window height never reaches
    Python, so a 1080-line screen and a 720-line projector each get their own drawing.
    """
    if not fill:
        charts.plotly_chart(make(None), width="stretch", key=key, config=plotly_chart.CONFIG)
        return
    for size, height in (("large", 640), ("small", 420)):
        with st.container(key=f"screen_{size}"):
            charts.plotly_chart(make(height), width="stretch", key=f"{key}_{size}", config=plotly_chart.CONFIG)


if view == "APT":
    slides = call(presentation.slides, filters)
    position = st.session_state.setdefault("slide", 0) % len(slides)
    back, counter, forward = st.columns([1, 4, 1], vertical_alignment="center")
    if back.button("← Föregående", width="stretch", key="previous_slide", shortcut="Left"):
        position = st.session_state["slide"] = (position - 1) % len(slides)
    if forward.button("Nästa →", width="stretch", key="next_slide", shortcut="Right"):
        position = st.session_state["slide"] = (position + 1) % len(slides)
    slide = slides[position]
    counter.caption(f"{position + 1} / {len(slides)} · {slide.area} · {scope_label(filters)} · {filters.period.label}")
    st.title(slide.message)
    chart(lambda height: plotly_chart.figure(slide_chart(slide), big=True, height=height), key=f"slide_{position}")
    if slide.note:
        st.caption(slide.note)
    with st.container(key="slide_keys"):
        components.html(_CLICKER, height=0)
else:
    units = call(overview.units_side_by_side, filters)
    names = catalogue.names()
    code = st.selectbox("Nyckeltal", list(names), format_func=names.get, key="board_kpi", placeholder=CHOOSE)
    kpi = catalogue.get(code)
    st.title(f"{kpi.name} · {filters.period.label}")
    board = board_chart(code, [(u.unit_name, u.results[code]) for u in units])
    chart(lambda height: plotly_chart.figure(board, big=True, height=height), key="board_chart", fill=False)
    if board.masked_note:
        st.caption(board.masked_note)
