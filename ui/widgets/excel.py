"""The Excel download button under a page's tables; every download is written to the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.output.excel import MIME, workbook
from ui.shell import frame


def download(label: str, sheets: dict[str, pd.DataFrame], file_name: str, key: str | None = None) -> None:
    """A download button for the page's tables; every download is written to the audit log.

    The workbook is written when the button is clicked (Streamlit's deferred download), not on every run of
    the page: Tidsfrister alone has six of these buttons, about 0.1 s of xlsxwriter each, on every visit.
    """
    st.download_button(label, lambda: workbook(sheets), file_name=file_name, mime=MIME, on_click=frame.log_export,
                       args=(file_name,), key=key)
