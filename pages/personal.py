"""Personal: filled posts against budget, employment types, turnover, sick leave and caseload.

Sick leave is shown per team and month only; it is never stored per person.
"""

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from services.core.periods import chart_window
from services.kpis import catalogue
from services.staffing import caseload, staffing
from ui.output import format as fmt
from ui.output.kpi_text import basis_text, target_text, value_text
from ui.output.status import colour_key
from ui.shell import frame
from ui.shell.data import call
from ui.widgets import charts, excel

filters = frame.page_setup(__file__)
trend = filters.with_period(chart_window(filters.period))
frame.header("Personal", filters, "tjänster och personal räknas den sista dagen i månaden")

kpis = [call(catalogue.compute, code, filters) for code in ("VACANCY", "TURNOVER", "SICK_LEAVE", "CASELOAD")]
for column, result in zip(st.columns(4), kpis):
    with column.container(border=True):
        st.metric(result.name, value_text(result.code, result.value))
        st.caption(f"{basis_text(result)} · {target_text(result)}")

left, right = st.columns(2)
posts = call(staffing.fte_vs_budget, trend)
EMPLOYMENT = ["Tillsvidare", "Visstid", "Konsult"]
kinds = charts.colour_map(EMPLOYMENT)  # consultants have one colour in both charts
fig = go.Figure()
fig.add_bar(x=posts["month"], y=posts["employees_fte"], name="Anställda (årsarbetare)", marker_color=kinds["Tillsvidare"])
fig.add_bar(x=posts["month"], y=posts["consultants_fte"], name="Konsulter", marker_color=kinds["Konsult"])
fig.add_scatter(x=posts["month"], y=posts["budgeted"], name="Budgeterade tjänster", mode="lines",
                line={"color": charts.TARGET_COLOUR, "dash": "dash", "width": 2})
fig.update_layout(barmode="stack")
charts.month_axis(fig, posts["month"])
charts.show(charts.titled(fig, "Tillsatta tjänster mot budget", 360), left)

heads = call(staffing.headcount_by_month, trend)
if not heads.empty:
    fig = px.bar(heads, x="month", y="headcount", color="label", category_orders={"label": EMPLOYMENT},
                 color_discrete_map=kinds, labels={"headcount": "Personer", "month": "", "label": ""})
    charts.month_axis(fig, heads["month"])
    charts.show(charts.titled(fig, "Antal personer per anställningsform", 360), right)

left, right = st.columns(2)
sick = call(staffing.sick_leave_by_month, trend)
sick_kpi = kpis[2]
if not sick.empty:
    fig = go.Figure()
    fig.add_bar(x=sick["month"], y=sick["share"], name="Total sjukfrånvaro", marker_color=charts.against_target(sick["share"], sick_kpi),
                text=[fmt.share(v, 1) for v in sick["share"]], textposition="outside")
    fig.add_scatter(x=sick["month"], y=sick["share_short"], name="Dag 1–14", mode="lines+markers", line={"color": charts.PALETTE[3], "width": 2})
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    charts.month_axis(fig, sick["month"])
    charts.target_line(fig, sick_kpi.target, f"Mål {fmt.share(sick_kpi.target, 1)}" if sick_kpi.target is not None else "")
    key = colour_key(charts.statuses(sick["share"], sick_kpi)) if sick_kpi.target is not None else ""
    charts.show(charts.titled(fig, "Sjukfrånvaro per månad" + (f" ({key})" if key else ""), 360), left)

turnover = call(staffing.turnover_trend, filters)
fig = go.Figure(go.Scatter(x=turnover["month"], y=turnover["value"], mode="lines+markers", name="Personalomsättning",
                           line={"color": charts.PALETTE[0], "width": 3}, text=[fmt.share(v) for v in turnover["value"]],
                           hovertemplate="%{x|%b %Y}: %{text}<extra></extra>"))
fig.update_yaxes(tickformat=".0%", rangemode="tozero")
charts.month_axis(fig, turnover["month"])
charts.target_line(fig, kpis[1].target, f"Mål {fmt.share(kpis[1].target)}" if kpis[1].target is not None else "")
charts.show(charts.titled(fig, "Personalomsättning, rullande 12 månader", 360), right)

caseload = call(caseload.caseload_trend, filters)
fig = go.Figure(go.Bar(x=caseload["month"], y=caseload["value"], marker_color=charts.against_target(caseload["value"], kpis[3]),
                       text=[fmt.number(v, 1) for v in caseload["value"]], textposition="outside"))
charts.month_axis(fig, caseload["month"])
charts.target_line(fig, kpis[3].target, f"Mål {fmt.number(kpis[3].target, 1)}" if kpis[3].target is not None else "")
charts.show(charts.titled(fig, "Pågående utredningar per socialsekreterare (årsarbetare) i utredningsgrupperna", 340))

table = posts.assign(month=[fmt.month(m.date()) for m in posts["month"]]).rename(columns={
    "month": "Månad", "budgeted": "Budgeterade tjänster", "employees_fte": "Anställda (åa)", "consultants_fte": "Konsulter (åa)",
    "vacancies": "Vakanser"})
excel.download("Ladda ner som Excel", {"Tjänster": table, "Sjukfrånvaro": sick}, f"personal_{filters.period.end.isoformat()}.xlsx")
