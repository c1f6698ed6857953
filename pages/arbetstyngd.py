"""Arbetstyngd: the workload-weight measurement (Göteborg/SKR model) — rounds, trends, recording, the model.

Individual results are for the person's own managers; the trend tab is safe for APT:
no names and groups under five people masked.
"""

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from services.access import roles
from services.access.permissions import NotPermitted
from services.core.periods import Period
from services.core.secrecy import MASK
from services.kpis import catalogue
from services.staffing import workload
from ui.output import format as fmt
from ui.output.kpi_text import basis_text, target_text, value_text
from ui.output.status import STATUS
from ui.shell import frame
from ui.shell.data import call, write
from ui.shell.filters import CHOOSE
from ui.widgets import charts, excel, tables

BANDS = {"grön": (STATUS["uppfyllt"].colour, "✔ Rimlig"), "gul": (STATUS["delvis"].colour, "◐ Hög"),
         "röd": (STATUS["ej_uppfyllt"].colour, "✖ Över gränsen"), "okänd": (STATUS["saknar_varde"].colour, "– Okänd nivå")}
MAX_LINES = 8  # more lines than this and the colours can no longer be told apart
MAX_PEOPLE = 30  # bars with names that fit one screen; more people are shown one arbetsgrupp at a time
LEVELS = {"ny": "Ny (< 1 år)", "van": "Van (1–3 år)", "erfaren": "Erfaren (> 3 år)", "okand": "Okänd erfarenhet"}


def one_team_if_many(detail: pd.DataFrame, key: str) -> pd.DataFrame:
    """A round's people as a reader can take them in: all of them up to MAX_PEOPLE, otherwise one arbetsgrupp at a
    time (a unit of 120 or a city of 1 000 as one bar chart is neither readable nor quick to draw)."""
    if len(detail) <= MAX_PEOPLE:
        return detail
    teams = sorted(detail["team"].dropna().unique())
    team = st.selectbox("Arbetsgrupp", teams, key=key, placeholder=CHOOSE,
                        help=f"Fler än {MAX_PEOPLE} mätta i urvalet: en arbetsgrupp i taget. Excel-filen har alla.")
    return detail[detail["team"] == team]


def shown_table(detail: pd.DataFrame) -> pd.DataFrame:
    return detail.assign(level=detail["level"].map(LEVELS), band=detail["band"].map(lambda b: BANDS[b][1])).rename(columns={
        "staff_code": "Kod", "name": "Namn", "team": "Arbetsgrupp", "level": "Erfarenhet", "points": "Poäng",
        "green_max": "Grönt t.o.m.", "amber_max": "Gräns", "self_rating": "Egen bedömning", "case_count": "Ärenden", "band": "Läge"})


filters = frame.page_setup(__file__)
frame.header("Arbetstyngd", filters, "arbetstyngdsmätning enligt Göteborgsmodellen")
kpi = call(catalogue.compute, "WORKLOAD_OVER", filters)
# The KPI reads the latest round on or before the period's end, no older than six months; beside it, the share
# in red from the same round (the group trend of that one day, summed over the experience levels).
kpi_rounds = call(workload.rounds, filters.with_period(workload.round_window(filters.period.end)))
over_col, red_col = st.columns(2)
over_col.metric(kpi.name + " (senaste mätningen)", value_text(kpi.code, kpi.value),
                help="Andel mätta socialsekreterare vars poäng överstiger den rimliga nivån (grönt) för deras erfarenhetsnivå, "
                     "vid den senaste mätningen t.o.m. periodens slut och högst sex månader gammal.")
over_col.caption(" · ".join(t for t in (basis_text(kpi), target_text(kpi)) if t))
if kpi_rounds:
    latest_round = kpi_rounds[-1]
    on_day = call(workload.group_trend, filters.with_period(Period(latest_round, latest_round, "")), by="level")
    red, measured = int(on_day["red"].sum()), int(on_day["n"].sum())
    red_col.metric("Andel i rött (över gränsen)", fmt.share(red / measured) if measured else fmt.DASH,
                   help="Andel mätta vars poäng också överstiger gränsen för gult för deras erfarenhetsnivå.")
    red_col.caption(f"{red} av {measured} · {workload.round_label(latest_round, filters.period.end)}")
else:
    red_col.metric("Andel i rött (över gränsen)", fmt.DASH)
    red_col.caption("Ingen mätning de senaste sex månaderna.")

# Names and single results only for the person's own managers; recording and the model for managers.
show_detail = not filters.access.aggregates_only
# The services check the same again (roles.WORKLOAD_RECORD_ROLES, WORKLOAD_MODEL_ROLES and the user's teams).
may_record = frame.current_user().role in roles.WORKLOAD_RECORD_ROLES
may_edit_model = frame.current_user().role in roles.WORKLOAD_MODEL_ROLES
names = ["Över tid (för APT)"]
names += ["Mätomgång per person", "Poäng och egen bedömning"] if show_detail else []
names += ["Registrera mätning"] if may_record else []
names += ["Modellen"] if may_edit_model else []
tabs = dict(zip(names, st.tabs(names)))
tab_trend = tabs["Över tid (för APT)"]
tab_round, tab_compare = tabs.get("Mätomgång per person"), tabs.get("Poäng och egen bedömning")
tab_record, tab_model = tabs.get("Registrera mätning"), tabs.get("Modellen")

with tab_trend:
    by = st.segmented_control("Gruppera efter", ["team", "level"], default="team",
                              format_func={"team": "Arbetsgrupp", "level": "Erfarenhet"}.get) or "team"
    trend = workload.mask_small_groups(call(workload.group_trend, filters, by=by))
    if trend.empty:
        st.info("Inga mätningar i perioden.")
    else:
        trend["group_label"] = trend["group"].map(lambda g: LEVELS.get(g, g))
        groups = list(dict.fromkeys(trend["group_label"]))
        dates = sorted(set(trend["measured_on"]))
        if len(dates) > 1 and len(groups) <= MAX_LINES:
            colours = charts.colour_map(groups)
            fig = go.Figure()
            for group in groups:
                part = trend[trend["group_label"] == group]
                fig.add_scatter(x=part["measured_on"], y=part["mean"], name=group, mode="lines+markers",
                                line={"color": colours[group], "width": 3}, connectgaps=False)
            fig.update_yaxes(title="medelpoäng", rangemode="tozero")
            fig.update_xaxes(tickvals=dates, ticktext=[fmt.date(d) for d in dates])
            charts.show(charts.titled(fig, "Medelpoäng per mätomgång", 380))
        else:  # one round, or more groups than lines a reader can tell apart: the latest round as bars
            latest = trend[trend["measured_on"] == dates[-1]].sort_values("group_label", ascending=False)
            fig = go.Figure(go.Bar(
                y=latest["group_label"], x=latest["mean"], orientation="h", marker_color=charts.PALETTE[0],
                text=[fmt.number(v, 1) if v is not None else f"{MASK} mätta" for v in latest["mean"]], textposition="outside",
            ))
            fig.update_xaxes(title="medelpoäng", rangemode="tozero")
            charts.show(charts.titled(fig, f"Medelpoäng per grupp vid mätningen {fmt.date(dates[-1])}", 120 + 32 * len(latest)))
        table = trend[["measured_on", "group_label", "n_text", "mean", "max", "share_over", "share_red", "mean_rating"]].rename(columns={
            "measured_on": "Mätdatum", "group_label": "Grupp", "n_text": "Antal mätta", "mean": "Medelpoäng", "max": "Högsta",
            "share_over": "Andel över rimlig nivå", "share_red": "Andel i rött", "mean_rating": "Egen bedömning (medel)"})
        st.dataframe(table.assign(**{
            "Medelpoäng": [fmt.number(v, 1) if v is not None else "–" for v in table["Medelpoäng"]],
            "Högsta": [fmt.number(v, 1) if v is not None else "–" for v in table["Högsta"]],
            "Andel över rimlig nivå": [fmt.share(v) if v is not None else "–" for v in table["Andel över rimlig nivå"]],
            "Andel i rött": [fmt.share(v) if v is not None else "–" for v in table["Andel i rött"]],
            "Egen bedömning (medel)": [fmt.number(v, 1) if v is not None else "–" for v in table["Egen bedömning (medel)"]],
        }), hide_index=True, width="stretch")
        excel.download("Ladda ner som Excel", {"Över tid": table}, "arbetstyngd_over_tid.xlsx", key="xlsx_trend")
        st.caption("Över rimlig nivå: poäng över gränsen för grönt för personens erfarenhet; i rött: över gränsen för gult också. "
                   "Grupper med färre än fem mätta visas som ”<5” utan siffror, så att ingen enskild kan pekas ut.")

rounds = call(workload.rounds, filters)
if show_detail:
    with tab_round:
        st.caption("Endast för medarbetarens egna chefer: här syns namn och enskilda resultat.")
        if not rounds:
            st.info("Inga mätningar i perioden.")
        else:
            chosen = st.selectbox("Mätomgång", rounds[::-1], format_func=fmt.date, key="round_detail", placeholder=CHOOSE)
            everyone = call(workload.round_detail, filters, chosen)
            detail = one_team_if_many(everyone, "team_round")
            frame.log_list_view(f"arbetstyngd per person {chosen}", filters)
            fig = go.Figure(go.Bar(
                y=detail["staff_code"], x=detail["points"], orientation="h",  # one bar per person, names may repeat
                marker_color=[BANDS[b][0] for b in detail["band"]],
                text=[f"{fmt.number(p, 1)} · {BANDS[b][1]}" for p, b in zip(detail["points"], detail["band"])], textposition="outside",
            ))
            fig.update_yaxes(autorange="reversed", tickvals=list(detail["staff_code"]),
                             ticktext=list(detail["name"].fillna(detail["staff_code"])))
            fig.update_xaxes(title="poäng", range=[0, max(detail["points"].max() * 1.35, 1)])
            charts.show(charts.titled(fig, f"Poäng per person {fmt.date(chosen)} (färg och text: mot gränsen för personens erfarenhet)",
                                          120 + 28 * len(detail)))
            shown = shown_table(detail)
            tables.sortable(shown, numbers=("Poäng", "Grönt t.o.m.", "Gräns", "Egen bedömning", "Ärenden"))  # 33,1
            excel.download("Ladda ner som Excel", {"Mätomgång": shown_table(everyone)}, f"arbetstyngd_{chosen}.xlsx")

if show_detail:
    with tab_compare:
        if rounds:
            chosen = st.selectbox("Mätomgång", rounds[::-1], format_func=fmt.date, key="round_compare", placeholder=CHOOSE)
            detail = one_team_if_many(call(workload.round_detail, filters, chosen), "team_compare")
            scale = call(workload.model_on, chosen).scale
            fig = go.Figure(go.Scatter(
                x=detail["points"], y=detail["self_rating"], mode="markers+text", text=detail["name"].fillna(detail["staff_code"]),
                textposition="top center", marker={"size": 12, "color": [BANDS[b][0] for b in detail["band"]]},
            ))
            fig.update_yaxes(title="egen bedömning", tickvals=[v for v, _ in scale], ticktext=[f"{v} {label}" for v, label in scale])
            fig.update_xaxes(title="poäng enligt modellen")
            charts.show(charts.titled(fig, "Där poäng och egen upplevelse skiljer sig börjar samtalet", 460))

if may_record:
    with tab_record:
        day = st.date_input("Mätdatum", value=filters.period.end, format="YYYY-MM-DD")
        version = call(workload.model_on, day)
        people = call(workload.staff_to_measure, filters, day)
        if people.empty:
            st.info("Inga socialsekreterare i urvalet det datumet.")
        else:
            labels = {c: f"{n or c} ({t})" for c, n, t in zip(people["staff_code"], people["name"], people["team"])}
            who = st.selectbox("Socialsekreterare", people["staff_code"], format_func=labels.get, placeholder=CHOOSE)
            with st.form("record_round"):
                counts = {}
                for code, label, points in version.categories:
                    a, b = st.columns(2)
                    count = a.number_input(f"{label} ({fmt.number(points, 1)} p)", min_value=0, step=1, key=f"n_{code}")
                    co = b.number_input("varav samhandlade", min_value=0, step=1, key=f"co_{code}")
                    counts[code] = (int(count), int(co))
                rating = st.radio("Egen bedömning av arbetsbelastningen", [v for v, _ in version.scale], horizontal=True,
                                  format_func=lambda v: f"{v} {dict(version.scale)[v]}")
                if st.form_submit_button("Spara mätningen"):
                    try:
                        write(workload.record_round, day, [workload.RoundEntry(who, counts, rating)], frame.current_user())
                        st.success(f"Sparat: {fmt.number(version.points(counts), 1)} poäng enligt modellen ”{version.name}”.")
                    except (workload.ModelError, NotPermitted) as error:
                        st.error(str(error))

if may_edit_model:
    with tab_model:
        history = call(workload.model_history)
        current = history[-1]
        st.markdown(f"**Gällande modell:** {fmt.plain(current.name)}, från {fmt.date(current.valid_from)}. "
                    "En ändring gäller från nästa mätomgång; tidigare mätningar behåller sina poäng.")
        categories = st.data_editor(pd.DataFrame(current.categories, columns=["Kod", "Ärendekategori", "Poäng per ärende"]),
                                    hide_index=True, num_rows="dynamic", key="model_categories")
        levels = st.data_editor(pd.DataFrame(current.levels, columns=["Nivå", "Benämning", "Från år", "Grönt t.o.m. poäng", "Gräns (gult t.o.m.)"]),
                                hide_index=True, disabled=["Nivå", "Från år"], key="model_levels")
        scale = st.data_editor(pd.DataFrame(current.scale, columns=["Värde", "Benämning"]), hide_index=True, num_rows="dynamic", key="model_scale")
        factor = st.number_input("Vikt för samhandlat ärende", value=float(current.co_handled_factor), min_value=0.0, max_value=1.0, step=0.1)
        name = st.text_input("Namn på den nya versionen", value=current.name)
        valid_from = st.date_input("Gäller från", value=dt.date.today(), format="YYYY-MM-DD")
        if st.button("Spara som ny version"):
            new = workload.ModelVersion(
                valid_from, name, factor,
                [(str(r["Kod"]), str(r["Ärendekategori"]), float(r["Poäng per ärende"])) for _, r in categories.dropna().iterrows()],
                [(r["Nivå"], r["Benämning"], int(r["Från år"]), float(r["Grönt t.o.m. poäng"]), float(r["Gräns (gult t.o.m.)"])) for _, r in levels.iterrows()],
                [(int(r["Värde"]), str(r["Benämning"])) for _, r in scale.dropna().iterrows()],
            )
            try:
                write(workload.save_model_version, new, frame.current_user())
                st.success(f"Version ”{name}” sparad, gäller från {fmt.date(valid_from)}.")
            except (workload.ModelError, NotPermitted) as error:
                st.error(str(error))
        st.markdown("**Versioner**")
        st.dataframe(pd.DataFrame([{"Gäller från": fmt.date(v.valid_from), "Namn": v.name, "Skapad av": v.created_by,
                                    "Skapad": fmt.date(v.created_at)} for v in history]), hide_index=True, width="stretch")
