"""Tables as a Swedish reader expects them: '1 234 567', '−2,0 %', '–' for nothing.

Summary tables are shown as formatted text (fixed Swedish format whatever the
browser's language). Long lists meant for sorting keep their numbers numeric with
the browser's own locale ("localized"), which in a Swedish municipality is Swedish.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.output import format as fmt


def _clean(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def swedish(frame: pd.DataFrame, money: tuple = (), shares: tuple = (), numbers: tuple = (), decimals: int = 0) -> pd.DataFrame:
    """A copy with the named columns as Swedish text (money in whole kronor, shares in per cent)."""
    out = frame.copy()
    for column in money:  # a real minus sign (U+2212) on negative amounts, not the hyphen
        out[column] = [fmt.signed_number(_clean(v)) for v in out[column]]
    for column in shares:
        out[column] = [fmt.signed_share(_clean(v), 1) for v in out[column]]
    for column in numbers:
        out[column] = [fmt.signed_number(_clean(v), decimals) for v in out[column]]
    return out


def show(frame: pd.DataFrame, **kwargs) -> None:
    """A Swedish-formatted summary table, numbers right-aligned."""
    formatted = swedish(frame, **kwargs)
    right = [*kwargs.get("money", ()), *kwargs.get("shares", ()), *kwargs.get("numbers", ())]
    config = {c: st.column_config.TextColumn(alignment="right") for c in right}
    st.dataframe(formatted, hide_index=True, width="stretch", column_config=config)


def sortable(frame: pd.DataFrame, numbers: tuple = ()) -> None:
    """A list the user sorts: numbers stay numbers, shown in the browser's locale."""
    config = {c: st.column_config.NumberColumn(format="localized") for c in numbers}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
