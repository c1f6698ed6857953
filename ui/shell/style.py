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


# Presentation mode: large type for a shared screen, calm chrome. Fixed CSS, no data.
_PRESENTATION_CSS = """
<style>
.block-container { max-width: 1500px; padding-top: 1.5rem; }
.block-container h1 { font-size: 3rem !important; line-height: 1.15; }
.block-container h2 { font-size: 2.2rem !important; }
.block-container p, .block-container li, .block-container [data-testid="stCaptionContainer"] p { font-size: 1.35rem !important; }
[data-testid="stMetricValue"] { font-size: 3.2rem !important; }
.block-container button p { font-size: 1.25rem !important; }
</style>
"""


def presentation() -> None:
    st.html(_PRESENTATION_CSS)
