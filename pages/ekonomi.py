"""Ekonomi: budget against utfall per category, the year to date, and where the year will land."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from services.access import roles, settings
from services.economy import budget, placement_forecast
from ui.output import format as fmt
from ui.output.status import STATUS
from ui.shell import frame
from ui.shell.data import call, write
from ui.widgets import charts, excel, tables

filters = frame.page_setup(__file__)
closed = call(budget.closed_through, filters)
frame.header("Ekonomi", filters, f"utfall t.o.m. {fmt.month(closed, long=True)}",
             "intäkter positiva, kostnader negativa, avvikelse = utfall − budget")
if filters.team_code:
    st.info("Budgeten följs per enhet: här visas arbetsgruppens enhet.")

LIGHTS = {"grön": (STATUS["uppfyllt"].colour, "✔ Inom budget"), "gul": (STATUS["delvis"].colour, "◐ Något över"),
          "röd": (STATUS["ej_uppfyllt"].colour, "✖ Över budget"), "saknas": (STATUS["saknar_varde"].colour, "– Inget utfall")}
DELTA_COLOURS = {"grön": "green", "gul": "orange", "röd": "red", "saknas": "gray"}  # Streamlit's names for the same meaning
table = call(budget.by_category, filters)
if table.empty:
    st.info("Ingen budget för perioden.")
    st.stop()

shown = table.assign(
    status=[LIGHTS[light][1] for light in table["light_ytd"]],
).rename(columns={
    "label": "Kategori", "budget_month": "Budget månad", "actual_month": "Utfall månad", "dev_month": "Avvikelse månad",
    "dev_month_share": "Avvikelse månad %", "budget_ytd": "Budget ack.", "actual_ytd": "Utfall ack.", "dev_ytd": "Avvikelse ack.",
    "dev_ytd_share": "Avvikelse ack. %", "status": "Status ack.",
}).drop(columns=["category", "light_ytd", "Avvikelse månad %"])
shown = shown[["Kategori", "Status ack.", *[c for c in shown.columns if c not in ("Kategori", "Status ack.")]]]
st.subheader(f"Budget och utfall, {fmt.month(filters.period.end.replace(day=1), long=True)} och ackumulerat")
tables.show(shown, money=("Budget månad", "Utfall månad", "Avvikelse månad", "Budget ack.", "Utfall ack.", "Avvikelse ack."),
            shares=("Avvikelse ack. %",))

net = table.iloc[-1]
c1, c2, c3 = st.columns(3)
c1.metric("Utfall ackumulerat", fmt.signed_msek(net["actual_ytd"]))
c2.metric("Budget ackumulerat", fmt.signed_msek(net["budget_ytd"]))
# The delta is written with a real minus, which Streamlit does not read as negative: its arrow and colour are
# given (the traffic light's colour, with its icon and word beside it).
c3.metric("Avvikelse ackumulerat", fmt.signed_msek(net["dev_ytd"]), f"{fmt.signed_share(net['dev_ytd_share'], 1)} · {LIGHTS[net['light_ytd']][1]}",
          delta_color=DELTA_COLOURS[net["light_ytd"]],
          delta_arrow="down" if net["dev_ytd"] < 0 else "up" if net["dev_ytd"] > 0 else "off")

left, right = st.columns(2)
cum = call(budget.cumulative, filters)
fig = go.Figure()
fig.add_scatter(x=cum["month"], y=-cum["budget_cum"] / 1e6, name="Budget", mode="lines", line={"color": charts.TARGET_COLOUR, "dash": "dash", "width": 2})
fig.add_scatter(x=cum["month"], y=-cum["actual_cum"] / 1e6, name="Utfall", mode="lines+markers", line={"color": charts.PALETTE[0], "width": 3})
fig.update_yaxes(tickformat=",.0f", title="mnkr")
charts.month_axis(fig, cum["month"])
charts.show(charts.titled(fig, f"Nettokostnad ackumulerad {filters.period.end.year}", 380), left)

forecasts = call(budget.forecasts, filters)
budget_year = sum(f.budget_year for f in forecasts)
# Shown as net cost (positive) so the bars read upwards: a category over budget adds cost.
cost_budget = -budget_year / 1e6
cost_changes = [-(f.forecast - f.budget_year) / 1e6 for f in forecasts]
fig = go.Figure(go.Waterfall(
    x=["Budget helår", *[f.label for f in forecasts], "Prognos helår"],
    measure=["absolute", *["relative"] * len(forecasts), "total"],
    y=[cost_budget, *cost_changes, 0],
    text=[fmt.signed_msek(-budget_year), *[("+" if c > 0 else "") + fmt.signed_msek(c * 1e6) for c in cost_changes],
          fmt.signed_msek(-sum(f.forecast for f in forecasts))],
    textposition="outside",
    increasing={"marker": {"color": STATUS["ej_uppfyllt"].colour}}, decreasing={"marker": {"color": STATUS["uppfyllt"].colour}},
    totals={"marker": {"color": charts.PALETTE[0]}},
))
fig.update_yaxes(title="nettokostnad, mnkr", rangemode="tozero")
right.caption("Nettokostnad i mnkr · rött = dyrare än budget, grönt = billigare")
charts.show(charts.titled(fig, "Från budget till prognos helår", 380), right)


def source_text(f: budget.CategoryForecast) -> str:
    """Where a category's forecast comes from; per unit when only some of the units gave one."""
    if f.source == budget.CONTROLLER:
        return "controllerns prognos"
    if f.source == budget.ASSUMED:
        return "ingen prognos lämnad: utfall + resterande budget"
    return f"controllerns prognos; ingen prognos lämnad för {', '.join(f.assumed_units)}: utfall + resterande budget"


forecast_rows = [{"Kategori": f.label, "Budget helår": f.budget_year, "Prognos helår": f.forecast,
                  "Avvikelse": f.forecast - f.budget_year, "Källa": source_text(f)}
                 for f in forecasts]
tables.show(pd.DataFrame(forecast_rows), money=("Budget helår", "Prognos helår", "Avvikelse"))
assumed = budget.assumed_note(forecasts)
if assumed:
    st.caption(f"Prognos helår: {assumed}.")

st.subheader("Prognos för köpt vård, byggd på placeringarna")
pf = call(placement_forecast.placement_forecast, filters)
if pf is None:
    st.caption("Inget stängt månadsutfall i år ännu.")
else:
    a, b, c = st.columns(3)
    a.metric("Prognos från placeringarna", fmt.signed_msek(pf.forecast))
    b.metric("Controllerns prognos", fmt.signed_msek(pf.controller_forecast))
    if pf.controller_assumed_units:  # some or all units in scope gave no forecast for bought care this year
        b.caption(f"ingen prognos lämnad för {', '.join(pf.controller_assumed_units)} — återstående budget antagen"
                  if pf.controller_forecast is not None else "ingen prognos lämnad")
    c.metric("Budget helår", fmt.signed_msek(pf.budget_year))
    st.markdown(
        f"""
**Så räknas prognosen** (per {fmt.date(pf.as_of)}):

| | |
|---|---:|
| Utfall köpt vård, placeringar, hittills i år | {fmt.signed_sek(pf.actual_ytd)} |
| − pågående placeringar: {fmt.number(pf.ongoing)} st, sammanlagd dygnskostnad {fmt.signed_sek(pf.ongoing_daily_cost)}, × återstående dygn i år (eller till känt slutdatum) | {fmt.signed_sek(-pf.ongoing_cost_rest)} |
| − förväntade nya placeringar: {fmt.number(pf.start_rate, 1)} per månad (de senaste 12 månadernas {fmt.number(pf.starts_last_12m)} starter) × {pf.months_left} månader × {fmt.signed_sek(pf.new_average_daily_cost)} per dygn × {fmt.number(pf.new_expected_nights, 1)} dygn var (medianlängd {fmt.number(pf.median_length)} dygn, högst till årets slut) | {fmt.signed_sek(-pf.new_cost_rest)} |
| **= prognos helår** | **{fmt.signed_sek(pf.forecast)}** |
"""
    )
    if pf.ongoing_without_cost:
        st.warning(f"{pf.ongoing_without_cost} pågående placeringar saknar dygnskostnad och ingår inte i prognosen.")
    st.caption("Antaganden: alla placeringar med dygnskostnad räknas som köpt vård; nya placeringar startar jämnt över månaderna "
               "i den takt de gjort de senaste tolv månaderna och till samma genomsnittliga dygnskostnad.")

excel.download("Ladda ner som Excel", {"Budget och utfall": shown, "Prognos": pd.DataFrame(forecast_rows)}, f"ekonomi_{filters.period.end.isoformat()}.xlsx")

if frame.current_user().role in roles.SETTING_ROLES["budget_traffic_light"]:  # settings.put checks the same
    with st.expander("Inställningar: trafikljusets gränser"):
        current = call(settings.get, "budget_traffic_light")
        amber = st.number_input("Gul från avvikelse (procent, negativt tal)", value=current["amber_from"] * 100, step=0.5, format="%.1f")
        if st.button("Spara gränserna"):
            write(settings.put, "budget_traffic_light", {"green_from": 0.0, "amber_from": amber / 100}, frame.current_user())
            st.success("Sparat. Grönt vid avvikelse ≥ 0 %, gult ned till " + fmt.signed_share(amber / 100, 1) + ", rött därunder.")
