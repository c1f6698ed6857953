"""The few style rules Streamlit's theme options cannot express, for WCAG 2.1 AA contrast.

Fixed CSS only: no data ever goes into this markup.
"""

import streamlit as st

# Streamlit greys captions with transparency, below the 4.5:1 contrast AA asks for small text.
_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4A5560 !important; opacity: 1 !important; }
</style>
"""


def apply() -> None:
    st.html(_CSS)
