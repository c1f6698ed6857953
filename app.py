"""Enhetskollen: the frame. Page config, the store, navigation and the shared filter bar.

Start with:  streamlit run app.py
"""

import streamlit as st

from ui import frame

st.set_page_config(page_title="Enhetskollen", page_icon=":material/monitoring:", layout="wide")

engine = frame.engine()
navigation = st.navigation(
    {
        "Enhetskollen": [
            st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
        ],
    }
)
st.sidebar.title("Enhetskollen")
frame.sample_notice(engine)
frame.filter_bar(engine)
navigation.run()
