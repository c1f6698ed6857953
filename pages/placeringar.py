"""Placeringar: the stock at each month end, flows, care days and cost, and the ongoing list."""

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from services.core.periods import chart_window
from services.kpis import catalogue
from services.placements import placements
from ui.output import format as fmt
from ui.output.kpi_text import target_text
from ui.shell import frame
from ui.shell.data import call
from ui.widgets import charts, excel, tables

filters = frame.page_setup(__file__)
trend = filters.with_period(chart_window(filters.period))
frame.header("Placeringar", filters, "beståndet räknas den sista dagen i varje månad")

kpi = call(catalogue.compute, "PLACEMENTS", filters)
median_days, ended = call(placements.median_length_of_ended, filters)
costs = call(placements.care_days_and_cost, filters)
c1, c2, c3, c4 = st.columns(4)
c1.metric(f"Pågående placeringar {fmt.date(filters.period.end)}", fmt.number(kpi.value))
c2.metric("Flickor / pojkar", f"{fmt.number(kpi.by_gender['flicka'].value)} / {fmt.number(kpi.by_gender['pojke'].value)}")
c3.metric("Vårddygn i perioden", fmt.number(costs["care_days"].sum() if not costs.empty else None))
c4.metric("Kostnad i perioden", fmt.msek(costs["cost"].sum() if not costs.empty else None))
st.caption(f"{target_text(kpi)} · median placeringstid för avslutade: "
           f"{fmt.number(median_days)} dagar ({fmt.number(ended)} avslutade)")

labels = placements.DIMENSIONS
dimension = st.segmented_control("Dela upp beståndet efter", list(labels), format_func=labels.get, default="kind") or "kind"
stock = call(placements.stock_by_month, trend, dimension)
if stock.empty:
    st.info("Inga placeringar i perioden.")
else:
    order = [label for label in placements.dimension_labels(dimension).values() if label in set(stock["label"])]
    fig = px.bar(stock, x="month", y="count", color="label", labels={"count": "Antal", "month": "", "label": labels[dimension]},
                 category_orders={"label": order}, color_discrete_map=charts.colour_map(order))
    totals = stock.groupby("month")["count"].sum()
    fig.add_scatter(x=totals.index, y=totals.values, mode="text", text=[fmt.number(v) for v in totals.values],
                    textposition="top center", showlegend=False, hoverinfo="skip")
    charts.month_axis(fig, stock["month"])
    charts.target_line(fig, kpi.target, f"Planeringsnivå {fmt.number(kpi.target)}" if kpi.target is not None else "")
    charts.show(charts.titled(fig, f"Pågående placeringar vid månadens slut, per {labels[dimension].lower()}", 420))

left, right = st.columns(2)
flows = call(placements.flows_by_month, trend)
fig = go.Figure()
fig.add_bar(x=flows["month"], y=flows["started"], name="Påbörjade", marker_color=charts.PALETTE[0])
fig.add_bar(x=flows["month"], y=flows["ended"], name="Avslutade", marker_color=charts.PALETTE[1])
charts.month_axis(fig, flows["month"])
charts.show(charts.titled(fig, "Påbörjade och avslutade per månad", 340), left)

trend_costs = call(placements.care_days_and_cost, trend)
if not trend_costs.empty:
    kinds = [label for label in placements.dimension_labels("kind").values() if label in set(trend_costs["label"])]
    fig = px.bar(trend_costs, x="month", y="cost", color="label", labels={"cost": "kr", "month": "", "label": "Placeringsform"},
                 category_orders={"label": kinds}, color_discrete_map=charts.colour_map(kinds))
    fig.update_yaxes(tickformat=",.0f")
    fig.update_traces(showlegend=False)
    charts.month_axis(fig, trend_costs["month"])
    charts.show(charts.titled(fig, "Kostnad per månad, kr (färger per placeringsform som ovan)", 340), right)

st.subheader("Vårddygn, kostnad och dygnskostnad per placeringsform")
average = call(placements.average_daily_cost, filters)
if not costs.empty:
    summary = costs.groupby("label", as_index=False)[["care_days", "cost", "without_cost"]].sum()
    summary = summary.merge(average[["label", "ongoing", "average_daily_cost"]], on="label", how="left")
    table = summary.rename(columns={
        "label": "Placeringsform", "care_days": "Vårddygn", "cost": "Kostnad (kr)", "without_cost": "Vårddygn utan dygnskostnad",
        "ongoing": "Pågående vid periodens slut", "average_daily_cost": "Genomsnittlig dygnskostnad (kr)"})
    tables.show(table, money=("Vårddygn", "Kostnad (kr)", "Vårddygn utan dygnskostnad", "Pågående vid periodens slut",
                              "Genomsnittlig dygnskostnad (kr)"))

st.subheader(f"Pågående placeringar {fmt.date(filters.period.end)}")
if filters.access.aggregates_only:
    st.info("Listan med pseudonymiserade id visas bara för enhetens egna chefer.", icon=":material/lock:")
    excel.download("Ladda ner beståndet som Excel", {"Bestånd": stock}, f"placeringar_{filters.period.end.isoformat()}.xlsx")
else:
    frame.log_list_view("pågående placeringar", filters)
    ongoing = call(placements.ongoing_list, filters).rename(columns={
        "intervention_id": "Insats", "person_key": "Person", "team": "Arbetsgrupp", "kind": "Placeringsform",
        "legal_basis": "Lagrum", "provider": "Utförare", "start": "Start", "daily_cost": "Dygnskostnad (kr)",
        "days_so_far": "Dagar hittills", "cost_this_year": "Kostnad i år (kr)"})
    tables.sortable(ongoing, numbers=("Dygnskostnad (kr)", "Dagar hittills", "Kostnad i år (kr)"))
    excel.download("Ladda ner som Excel", {"Pågående placeringar": ongoing, "Bestånd": stock}, f"placeringar_{filters.period.end.isoformat()}.xlsx")
