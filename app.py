"""Enhetskollen: the entry point. Page config and navigation over the files in pages/.

Start with:  streamlit run app.py

Each page opens with `ui.frame.page_setup()` (the store, the sample-data notice and
the shared filter bar for unit, team and period), so a page behaves the same
whether Streamlit reaches it through this navigation or directly.
"""

import streamlit as st

st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
        st.Page("pages/oversikt.py", title="Översikt", icon=":material/dashboard:"),
        st.Page("pages/inflode.py", title="Inflöde", icon=":material/move_to_inbox:"),
        st.Page("pages/tidsfrister.py", title="Tidsfrister", icon=":material/timer:"),
        st.Page("pages/placeringar.py", title="Placeringar", icon=":material/home_work:"),
        st.Page("pages/ekonomi.py", title="Ekonomi", icon=":material/account_balance:"),
        st.Page("pages/personal.py", title="Personal", icon=":material/groups:"),
        st.Page("pages/arbetstyngd.py", title="Arbetstyngd", icon=":material/balance:"),
    ]
)
navigation.run()
