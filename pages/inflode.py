"""Inflöde: aktualiseringar per month against last year, by reporter, reason, gender or age."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from services.core.periods import chart_window
from services.flow import inflow
from services.kpis import catalogue
from ui.output import format as fmt
from ui.shell import frame
from ui.shell.data import call
from ui.widgets import charts, excel

filters = frame.page_setup(__file__)
trend = filters.with_period(chart_window(filters.period))
frame.header("Inflöde", filters)

result = call(catalogue.compute, "INFLOW", filters)
compare = call(inflow.same_month_last_year, trend)
# the same days a year earlier: a partial year is never compared with a whole one
last_year_total = call(catalogue.compute, "INFLOW", filters.with_period(filters.period.year_earlier())).value
c1, c2, c3 = st.columns(3)
c1.metric("Aktualiseringar i perioden", fmt.number(result.value))
c2.metric("Samma period i fjol", fmt.number(last_year_total))
c3.metric(
    "Flickor / pojkar",
    f"{fmt.number(result.by_gender['flicka'].value)} / {fmt.number(result.by_gender['pojke'].value)}",
)

fig = go.Figure()
fig.add_bar(x=compare["month"], y=compare["count"], name="I år", marker_color=charts.PALETTE[0],
            text=[fmt.number(v) for v in compare["count"]], textposition="outside")
fig.add_scatter(x=compare["month"], y=compare["last_year"], name="Samma månad i fjol", mode="lines+markers",
                line={"color": charts.MUTED, "width": 3, "dash": "dot"}, marker={"size": 8})
charts.month_axis(fig, compare["month"])
charts.show(charts.titled(fig, "Aktualiseringar per månad"))

labels = {key: label for key, (_, label, _) in inflow.DIMENSIONS.items()}
dimension = st.segmented_control("Dela upp efter", list(labels), format_func=labels.get, default="reporter")
dimension = dimension or "reporter"
split = call(inflow.monthly, trend, dimension)
if split.empty:
    st.info("Inga aktualiseringar i perioden.")
else:
    totals = split[split["month"].dt.date >= filters.period.start].groupby("label")["count"].sum().sort_values()
    left, right = st.columns([2, 1])
    # At most six groups in the stack; the rest are summed as "Övriga" so every colour stays distinct.
    top = list(totals.index[::-1][:6])
    stacked_data = split.assign(label=split["label"].where(split["label"].isin(top), "Övriga"))
    stacked_data = stacked_data.groupby(["month", "label"], as_index=False)["count"].sum()
    order = top + (["Övriga"] if len(totals) > 6 else [])
    stacked = px.bar(stacked_data, x="month", y="count", color="label", category_orders={"label": order},
                     color_discrete_map=charts.colour_map(order), labels={"count": "Antal", "month": "", "label": labels[dimension]})
    charts.month_axis(stacked, split["month"])
    charts.show(charts.titled(stacked, f"Per månad och {labels[dimension].lower()}"), left)
    bars = go.Figure(go.Bar(x=totals.values, y=totals.index, orientation="h", marker_color=charts.PALETTE[0],
                            text=[fmt.number(v) for v in totals.values], textposition="outside"))
    bars.update_xaxes(visible=False, range=[0, totals.max() * 1.25])
    charts.show(charts.titled(bars, f"Summa {filters.period.label}"), right)

rolling = call(inflow.rolling_12, trend)
line = go.Figure(go.Scatter(x=rolling["month"], y=rolling["rolling_12"], mode="lines+markers", name="Rullande 12 månader",
                            line={"color": charts.PALETTE[0], "width": 3}))
charts.month_axis(line, rolling["month"])
charts.show(charts.titled(line, "Rullande 12 månader (summa av de senaste tolv månaderna)", 320))

st.subheader("Tabell")
if not split.empty:
    table = split.pivot_table(index="label", columns="month", values="count", aggfunc="sum", fill_value=0)
    table.columns = [fmt.month(pd.Timestamp(c).date()) for c in table.columns]
    table["Summa"] = table.sum(axis=1)
    table = table.sort_values("Summa", ascending=False).reset_index().rename(columns={"label": labels[dimension]})
    st.dataframe(table, hide_index=True, width="stretch")
    excel.download("Ladda ner som Excel", {"Inflöde": table}, "inflode.xlsx")
