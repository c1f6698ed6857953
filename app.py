"""Enhetskollen: the frame. Page config, the store, navigation and the shared filter bar.

Start with:  streamlit run app.py
"""

import streamlit as st

from ui import data, frame

st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")

engine = frame.engine()
st.session_state["data_version"] = data.data_version()
navigation = st.navigation(
    {
        "Enhetskollen": [
            st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
            st.Page("pages/oversikt.py", title="Översikt", icon=":material/dashboard:"),
            st.Page("pages/inflode.py", title="Inflöde", icon=":material/move_to_inbox:"),
            st.Page("pages/tidsfrister.py", title="Tidsfrister", icon=":material/timer:"),
            st.Page("pages/placeringar.py", title="Placeringar", icon=":material/home_work:"),
            st.Page("pages/ekonomi.py", title="Ekonomi", icon=":material/account_balance:"),
        ],
    }
)
frame.sample_notice(engine)
frame.filter_bar(engine)
navigation.run()
