"""Tidsfrister: the legal clocks per month and per team against target, and the early-warning lists."""

import plotly.graph_objects as go
import streamlit as st

from services.core.periods import chart_window
from services.flow import deadlines, early_warnings
from services.kpis import catalogue
from ui.output import format as fmt
from ui.output.kpi_text import basis_text, preliminary_text, target_text, value_text
from ui.output.status import STATUS, colour_key
from ui.shell import frame
from ui.shell.data import call
from ui.widgets import charts, excel

filters = frame.page_setup(__file__)
as_of = filters.period.end
trend = filters.with_period(chart_window(filters.period))
frame.header("Tidsfrister", filters, f"listorna gäller {fmt.date(as_of)}")

TITLES = {code: catalogue.get(code).name for code in deadlines.DEADLINE_CODES}


def compliance_chart(code: str) -> None:
    result = call(catalogue.compute, code, filters)
    data = call(deadlines.compliance_by_month, trend, code)
    st.markdown(f"**{TITLES[code]}**: {value_text(code, result.value)} ({basis_text(result) or 'inga ärenden'}) · {target_text(result)}")
    if data.empty:
        st.caption(f"{fmt.DASH} Inga ärenden i perioden.")
        return
    fig = go.Figure(go.Bar(
        x=data["month"], y=data["value"], marker_color=charts.against_target(data["value"], result),
        text=[fmt.share(v) for v in data["value"]], textposition="inside", insidetextanchor="end",
        textfont={"color": "white", "size": 12},
        customdata=[f"{fmt.month(m)}: {fmt.share(v)} ({fmt.number(n)} av {fmt.number(d)})"
                    for m, v, n, d in zip(data["month"], data["value"], data["numerator"], data["denominator"])],
        hovertemplate="%{customdata}<extra></extra>",
    ))
    charts.share_axis(fig)
    charts.month_axis(fig, data["month"])
    charts.target_line(fig, result.target, f"Mål {value_text(code, result.target)}" if result.target is not None else "")
    st.caption(" · ".join(filter(None, [f"Andel i tid per månad, {trend.period.label}",
                                        colour_key(charts.statuses(data["value"], result)) if result.target is not None else ""])))
    charts.show(charts.titled(fig, "", 260), key=f"month_{code}")


top = st.columns(2)
bottom = st.columns(2)
for column, code in zip([*top, *bottom], TITLES):
    with column:
        compliance_chart(code)

st.subheader("Per arbetsgrupp")
chosen = st.segmented_control("Nyckeltal", list(TITLES), format_func=TITLES.get, default="ASSESS_14D") or "ASSESS_14D"
teams = call(deadlines.compliance_by_team, filters, chosen)
target = call(catalogue.compute, chosen, filters).target
if teams.empty:
    st.caption(f"{fmt.DASH} Inga ärenden i perioden.")
else:
    fig = go.Figure(go.Bar(
        y=teams["team_name"], x=teams["value"], orientation="h", marker_color=charts.PALETTE[0],
        text=[f"{fmt.share(v)} ({n} av {d})" for v, n, d in zip(teams["value"], teams["numerator"], teams["denominator"])],
        textposition="outside",
    ))
    fig.update_xaxes(tickformat=".0%", range=[0, 1.3])
    if target is not None:
        fig.add_vline(x=target, line={"color": charts.TARGET_COLOUR, "dash": "dash", "width": 2},
                      annotation={"text": f"Mål {fmt.share(target)}"}, annotation_position="top")
    charts.show(charts.titled(fig, TITLES[chosen], 120 + 45 * len(teams)))

st.subheader("Utredningstid")
days = call(deadlines.investigation_days, filters)
median = call(catalogue.compute, "INVEST_DAYS", filters)
st.markdown(f"Median {value_text('INVEST_DAYS', median.value)} ({basis_text(median) or 'inga avslutade utredningar'}) · gränsen 4 månader är cirka 120 dagar")
fig = go.Figure(go.Bar(x=days["band"], y=days["count"], marker_color=[charts.PALETTE[0]] * 4 + [STATUS["ej_uppfyllt"].colour] * 2,
                       text=days["count"], textposition="outside"))
fig.update_xaxes(title="dagar från inledd till avslutad", type="category")
charts.show(charts.titled(fig, "Avslutade utredningar efter antal dagar (rött = över fyra månader)", 320))

st.subheader("Återaktualisering inom 12 månader")
again = call(catalogue.compute, "REREFERRAL_12M", filters)
st.markdown(f"**{value_text('REREFERRAL_12M', again.value)}** ({basis_text(again) or 'ingen kohort'}) · {target_text(again)}")
st.caption(" · ".join(filter(None, [
    "Barn vars utredning avslutades samma period ett år tidigare och som aktualiserades på nytt inom 365 dagar "
    "(så som Kolada och KKiK redovisar det)", preliminary_text(again)])))

st.subheader("Tidiga varningar")
if filters.access.aggregates_only:
    st.info("Listorna med pseudonymiserade id visas bara för enhetens egna chefer.", icon=":material/lock:")
else:
    frame.log_list_view("tidiga varningar", filters)
    lists = {
        "Öppna aktualiseringar ≥ 10 dagar": call(early_warnings.open_intakes, filters, as_of).rename(columns={
            "intake_id": "Aktualisering", "person_key": "Person", "team": "Arbetsgrupp", "staff": "Handläggare", "received": "Inkom",
            "type": "Typ", "reporter": "Anmälare", "days": "Dagar", "status": "Läge"}),
        "Utredningar nära eller över 4 månader": call(early_warnings.investigations_near_limit, filters, as_of).rename(columns={
            "investigation_id": "Utredning", "person_key": "Person", "team": "Arbetsgrupp", "staff_code": "Handläggare",
            "staff_name": "Namn", "start": "Inledd", "due": "Gräns 4 mån", "extended_until": "Förlängd till",
            "days_running": "Dagar", "days_left": "Dagar kvar", "status": "Läge"}),
        "Förlängda utredningar": call(early_warnings.extended_investigations, filters, as_of).rename(columns={
            "investigation_id": "Utredning", "person_key": "Person", "team": "Arbetsgrupp", "staff_code": "Handläggare",
            "staff_name": "Namn", "start": "Inledd", "due": "Gräns 4 mån", "extended_until": "Förlängd till",
            "days_running": "Dagar", "days_left": "Dagar kvar"}),
        "Ej verkställda beslut > 3 mån (IVO)": call(early_warnings.decisions_not_carried_out, filters, as_of).rename(columns={
            "intervention_id": "Insats", "person_key": "Person", "team": "Arbetsgrupp", "category": "Kategori",
            "kind": "Insatstyp", "legal_basis": "Lagrum", "decision_date": "Beslutsdatum", "days_waiting": "Dagar sedan beslut"}),
    }
    tabs = st.tabs([f"{name} ({len(frame_)})" for name, frame_ in lists.items()])
    for tab, (name, table) in zip(tabs, lists.items()):
        with tab:
            if table.empty:
                st.caption("Inget att visa.")
            else:
                st.dataframe(table, hide_index=True, width="stretch")
    excel.download("Ladda ner listorna som Excel", {name[:31]: t for name, t in lists.items()}, f"tidsfrister_{as_of.isoformat()}.xlsx")
