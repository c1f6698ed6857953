"""The few style rules Streamlit's theme options cannot express, for WCAG 2.1 AA contrast.

Fixed CSS only: no data ever goes into this markup.
"""

import streamlit as st

# Streamlit greys captions with transparency, below the 4.5:1 contrast AA asks for small text.
_CSS = """
<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4A5560 !important; opacity: 1 !important; }
/* Streamlit 1.67 has no option to turn off the dataframe's English toolbar (search, download, fullscreen). */
[data-testid="stElementToolbar"] { display: none !important; }
/* The session cookie's one-line script (ui.shell.auth) takes no room on the page. */
.st-key-session_cookie { display: none !important; }
/* Streamlit's own chrome speaks English and has no Swedish option: the ⋮ menu (Rerun, Settings, Print, Record
   screen, About), the password field's "Show password" eye and, on a wide screen where the sidebar stays open,
   its "Collapse sidebar" arrow. The file picker's button keeps its function with a Swedish word. */
[data-testid="stMainMenu"] { display: none !important; }
/* While a page runs the status corner says "Stop": the running figure stays (people and tests wait on it). */
[data-testid="stStatusWidget"] button { display: none !important; }
button[aria-label="Show password"], button[aria-label="Hide password"] { display: none !important; }
@media (min-width: 1024px) { [data-testid="stSidebarCollapseButton"] { display: none !important; } }
/* The picker's "Upload" stays in the button for screen readers (a button needs a name, and Streamlit 1.67 has no
   option for the word), clipped out of sight; the eye reads "Välj filer". */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
[data-testid="stFileUploaderDropzone"] button [data-has-shortcut]::after { content: "Välj filer"; }
/* "50MB per file • CSV, XLSX": the page writes the limit and the file types in Swedish beside the picker instead. */
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
</style>
"""


def apply() -> None:
    st.html(_CSS)


# Presentation mode: large type for a shared screen, calm chrome. Fixed CSS, no data.
_PRESENTATION_CSS = """
<style>
.block-container { max-width: 1500px; padding-top: 1rem; padding-bottom: 0.5rem; }
.block-container h1 { font-size: clamp(1.7rem, 2.5vw, 3rem) !important; line-height: 1.15; padding: 0.2rem 0 0.4rem 0; }
.block-container h2 { font-size: 2.2rem !important; }
.block-container p, .block-container li, .block-container [data-testid="stCaptionContainer"] p { font-size: 1.35rem !important; }
[data-testid="stMetricValue"] { font-size: 3.2rem !important; }
.block-container button p { font-size: 1.25rem !important; }
.block-container [data-testid="stExpander"], .st-key-sample_notice, .st-key-slide_keys { display: none !important; }
.js-plotly-plot .modebar-container { display: none !important; }
.block-container [data-baseweb="select"] div { font-size: 1.3rem; }
.st-key-screen_small { display: none; }
@media (max-height: 940px) { .st-key-screen_large { display: none; } .st-key-screen_small { display: block; } }
</style>
"""

# The shared screen has no sidebar; the page's small "Meny" switch brings it back for the filters.
_NO_SIDEBAR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stHeader"] { display: none !important; }
.block-container { max-width: 100% !important; padding-left: 3rem; padding-right: 3rem; }
</style>
"""


def presentation(show_sidebar: bool = False) -> None:
    st.html(_PRESENTATION_CSS + ("" if show_sidebar else _NO_SIDEBAR_CSS))
