"""Översikt: the month's status in one screen — where it stands, what needs action now, the KPIs by area."""

import pandas as pd
import streamlit as st

from services.core import store_info
from services.kpis import catalogue, comments, overview
from ui.output import format as fmt
from ui.output.kpi_text import target_text, value_text
from ui.output.status import STATUS
from ui.shell import frame
from ui.shell.data import call, write
from ui.widgets import cards, excel
from ui.widgets.exports import export_buttons

filters = frame.page_setup(__file__)
frame.header("Översikt", filters)

items = call(overview.overview, filters)
actions = call(overview.action_items, filters)
head = overview.headline(items, actions)
st.markdown(
    f"### {head.met} av {head.total} nyckeltal uppfyllda · {head.actions_now} behöver åtgärd nu · "
    f"data t.o.m. {fmt.day(call(store_info.data_date))}"
)

st.subheader("Behöver åtgärdas nu")
columns = st.columns(3)
for column, item in zip(columns, actions):
    with column.container(border=True):
        st.metric(item.title, item.count)
        st.caption(item.detail)
st.page_link("pages/tidsfrister.py", label="Se listorna under Tidsfrister", icon=":material/arrow_forward:")

if filters.unit_code:
    export_buttons(filters, filters.unit_code, call(store_info.unit_name, filters.unit_code))
else:
    st.caption("Välj en enhet i urvalet för månadsrapporten och APT-presentationen.")

st.subheader("Nyckeltal")
view = st.segmented_control("Visa", ["Kort", "Månad för månad", "Per arbetsgrupp"], default="Kort", key="overview_view") or "Kort"


def cell(code: str, value, status: str) -> str:
    """A grid cell: the value with its status icon, so colour is never the only carrier."""
    if value is None:
        return fmt.DASH
    judged = status in ("uppfyllt", "delvis", "ej_uppfyllt")
    return f"{STATUS[status].icon} {value_text(code, value)}" if judged else value_text(code, value)


def colour_cells(frame_: pd.DataFrame, statuses: list[list[str]], first: int):
    """Status colours on the value cells (a light tint of the status colour, dark text)."""
    def style(data: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=data.index, columns=data.columns)
        for row, row_statuses in enumerate(statuses):
            for offset, status in enumerate(row_statuses):
                if status in ("uppfyllt", "delvis", "ej_uppfyllt"):
                    out.iat[row, first + offset] = f"background-color: {STATUS[status].colour}22"
        return out
    return frame_.style.apply(style, axis=None)


user = frame.current_user()
written = call(comments.for_period, filters.unit_code, filters.period)
may_write = comments.may_comment(user, filters.unit_code)


def save_comment(code: str, text: str, for_apt: bool) -> str | None:
    """Her comment saved (and audited); the Swedish reason when it may not be."""
    try:
        write(comments.save, user, filters.unit_code, code, filters.period, text, for_apt)
    except comments.CommentError as error:
        return str(error)
    return None


if view == "Kort":
    if filters.unit_code is None and comments.may_comment(user, next(iter(user.access.units or []), None)):
        st.caption("Välj en enhet i urvalet för att skriva månadens kommentarer.")
    by_area: dict[str, list] = {}
    for item in items:
        by_area.setdefault(catalogue.get(item.result.code).area, []).append(item)
    for area, title in catalogue.AREAS.items():
        if area not in by_area:
            continue
        st.subheader(title)
        for start in range(0, len(by_area[area]), 3):
            row = st.columns(3)
            for column, item in zip(row, by_area[area][start : start + 3]):
                with column:
                    cards.kpi_card(item, key=item.result.code, team_view=bool(filters.team_code),
                                   comment=written.get(item.result.code), editable=may_write, save=save_comment)
elif view == "Månad för månad":
    months, rows = overview.kpi_by_month(items, call(overview.year_targets, filters), filters.period)  # the cards' trends
    month_names = [fmt.month(m).split()[0] for m in months]  # the year is in the header
    table = pd.DataFrame([{"Nyckeltal": r.name, "Mål": target_text(r) if r.target is not None else "inget mål",
                           **{name: cell(r.code, v, s) for name, v, s in zip(month_names, r.values, r.statuses)}}
                          for r in rows])
    st.dataframe(colour_cells(table, [r.statuses for r in rows], 2), hide_index=True, width="stretch",
                 height=38 + 35 * len(rows))
    numbers = pd.DataFrame([{"Nyckeltal": r.name, "Mål": r.target, **dict(zip(month_names, r.values))} for r in rows])
    excel.download("Ladda ner som Excel", {"Nyckeltal per månad": numbers}, "nyckeltal_per_manad.xlsx", key="xlsx_months")
else:
    if not filters.unit_code:
        st.info("Välj en enhet i urvalet för att se dess arbetsgrupper sida vid sida.")
    else:
        teams, rows = call(overview.kpi_by_team, filters)
        names = ["Hela enheten", *[name for _, name in teams]]
        table = pd.DataFrame([{"Nyckeltal": r.name, "Mål": target_text(r) if r.target is not None else "inget mål",
                               **{name: cell(r.code, v, s) for name, v, s in zip(names, r.values, r.statuses)}}
                              for r in rows])
        st.dataframe(colour_cells(table, [r.statuses for r in rows], 2), hide_index=True, width="stretch",
                     height=38 + 35 * len(rows))
        st.caption("Budgetavvikelse och prognos följs per enhet: arbetsgruppernas kolumner visar enhetens siffra.")
        numbers = pd.DataFrame([{"Nyckeltal": r.name, "Mål": r.target, **dict(zip(names, r.values))} for r in rows])
        excel.download("Ladda ner som Excel", {"Nyckeltal per arbetsgrupp": numbers}, "nyckeltal_per_arbetsgrupp.xlsx",
                       key="xlsx_teams")
