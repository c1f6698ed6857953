"""Översikt: the month at a glance — a card per KPI and the three things that need action now."""

import streamlit as st

from services.kpis import overview
from ui.shell import frame
from ui.shell.data import call
from ui.widgets import cards

filters = frame.page_setup(__file__)
frame.header("Översikt", filters)

st.subheader("Behöver åtgärdas nu")
columns = st.columns(3)
for column, item in zip(columns, call(overview.action_items, filters)):
    with column.container(border=True):
        st.metric(item.title, item.count)
        st.caption(item.detail)
st.page_link("pages/tidsfrister.py", label="Se listorna under Tidsfrister", icon=":material/arrow_forward:")

st.subheader("Nyckeltal")
items = call(overview.overview, filters)
for start in range(0, len(items), 3):
    row = st.columns(3)
    for column, item in zip(row, items[start : start + 3]):
        with column:
            cards.kpi_card(item, key=item.result.code)
