"""Mål och indikatorer: the goal cascade, each enhetsmål's indicator table in the reports' layout,
activities, the grade and analysis per period, and the targets behind the statuses."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.access import roles
from services.access.permissions import NotPermitted
from services.core import store_info
from services.goals import goals, targets
from services.goals.goals import GRADES, LEVELS, GoalError
from services.goals.targets import TargetError
from services.kpis import catalogue
from ui.output import format as fmt
from ui.output import reports
from ui.output.kpi_text import indicator_table
from ui.shell import frame
from ui.shell.data import call, fresh, write
from ui.shell.filters import CHOOSE
from ui.widgets import exports

filters = frame.page_setup(__file__)
user = frame.current_user()
year, period_key = filters.period.end.year, goals.period_key(filters.period)
frame.header("Mål och indikatorer", filters, "målkedjan från kommunfullmäktige till enheten")

units = call(store_info.units, filters.access)
unit_code = filters.unit_code or (units[0][0] if units else None)
if unit_code is None:
    st.info("Inga enheter att visa.")
    st.stop()
if not filters.unit_code:
    st.caption(f"Visar {dict(units)[unit_code]}; välj en annan enhet i urvalet.")


with st.expander("Rapport och APT-presentation"):
    report = exports.report_word(filters)  # Månadsrapport, Tertialrapport or Verksamhetsberättelse, as the period is
    formats = {"docx": f"{report} (Word)", "pdf": f"{report} (PDF)", "pptx": "APT-presentation (PowerPoint)",
               "xlsx": "Alla tabeller (Excel)"}
    kind = st.radio("Format", list(formats), format_func=formats.get, horizontal=True, key="export_kind")
    if st.button("Skapa filen"):
        with st.spinner("Skapar …"):
            st.session_state["export_file"] = (kind, fresh(reports.export, kind, filters, unit_code,
                                                                author=frame.current_user().display_name))
    if st.session_state.get("export_file", (None,))[0] == kind:
        name = exports.file_name(filters, dict(units)[unit_code], kind)
        st.download_button(f"Ladda ner {formats[kind].lower()}", st.session_state["export_file"][1], file_name=name,
                           on_click=frame.log_export, args=(name,))
    st.caption("Presentationen följer reglerna för delad skärm: inga namn, antal under 5 visas som ”<5”.")

with st.expander("Målkedjan", expanded=False):
    for goal, depth in call(goals.cascade, year, unit_code):
        st.text(f"{'    ' * depth}{LEVELS[goal.level]}: {goal.title}")

may_grade = user.role in roles.UNIT_GOAL_ROLES  # the service checks the unit too
views = call(goals.unit_goals, filters, unit_code)
if not views:
    st.info(f"Inga enhetsmål för {year}. Lägg till ett nedan.")
for view in views:
    goal = view.goal
    st.subheader(fmt.plain(goal.title))
    st.dataframe(pd.DataFrame(indicator_table(view.indicators)), hide_index=True, width="stretch")
    computed = GRADES.get(view.computed_grade, "–") if view.computed_grade else "inga bedömda indikatorer"
    grade_text = GRADES[view.grade.grade] if view.grade else "ej bedömt"
    st.markdown(f"**Bedömning {period_key}:** {grade_text} · enligt indikatorerna: {computed}")
    if view.disagrees:
        st.warning("Bedömningen skiljer sig från vad indikatorerna visar – förklara varför i analysen.", icon=":material/compare_arrows:")
    if view.grade and view.grade.analysis:
        st.text(view.grade.analysis)
    if view.activities:
        st.dataframe(pd.DataFrame([{
            "Aktivitet": a.title, "Start": fmt.date(a.start), "Slut": fmt.date(a.end),
            "Status": goals.ACTIVITY_STATUSES[a.status]} for a in view.activities]), hide_index=True, width="stretch")
    if may_grade:
        with st.expander(f"Bedöm målet för {period_key}"):
            with st.form(f"grade_{goal.id}"):
                options = list(GRADES)
                current = view.grade.grade if view.grade else (view.computed_grade or "delvis")
                grade = st.radio("Bedömning", options, index=options.index(current), format_func=GRADES.get, horizontal=True)
                analysis = st.text_area("Analys", value=view.grade.analysis if view.grade else "", height=120)
                if st.form_submit_button("Spara bedömningen"):
                    write(goals.set_grade, goal.id, year, period_key, grade, analysis, user)
                    st.rerun()
            for row in view.indicators:
                if row.kpi_code is None:
                    with st.form(f"manual_{row.indicator_id}"):
                        st.markdown(f"**{fmt.plain(row.name)}** – värde för {period_key}" + (" (andel 0–1)" if row.is_share else ""))
                        a, b, c, d = st.columns(4)
                        value = a.number_input("Utfall", value=row.value if row.value is not None else 0.0, format="%.2f")
                        boys = b.number_input("Pojkar", value=row.boys if row.boys is not None else 0.0, format="%.2f")
                        girls = c.number_input("Flickor", value=row.girls if row.girls is not None else 0.0, format="%.2f")
                        n = d.number_input("Antal svar (n)", value=row.n or 0, min_value=0, step=1)
                        if st.form_submit_button("Spara värdet"):
                            write(goals.set_manual_value, row.indicator_id, year, period_key, value, boys, girls, int(n), user)
                            st.rerun()

if may_grade:
    with st.expander("Nytt enhetsmål"):
        with st.form("new_goal", clear_on_submit=True):
            parents = [(g.id, g.title) for g, _ in call(goals.cascade, year, unit_code) if g.level == "namnd"]
            title = st.text_input("Målet")
            parent = st.selectbox("Bidrar till nämndmålet", [None, *[p for p, _ in parents]],
                                  format_func=lambda p: "–" if p is None else dict(parents)[p], placeholder=CHOOSE)
            names = catalogue.names()
            codes = st.multiselect("Indikatorer ur nyckeltalen", list(names), format_func=names.get, placeholder="Välj nyckeltal")
            if st.form_submit_button("Lägg till"):
                try:
                    new = write(goals.add_goal, year, "enhet", title, parent, unit_code, actor=user)
                    for code in codes:
                        write(goals.add_indicator, new, code, actor=user)
                    st.rerun()
                except (GoalError, NotPermitted) as error:
                    st.error(str(error))

if user.role in roles.TARGET_ROLES:
    with st.expander(f"Årsmål för nyckeltalen {year}"):
        scopes = [unit_code, ""] if user.role in roles.MUNICIPAL_TARGET_ROLES else [unit_code]  # KF's: admin only
        scope = st.radio("Gäller", scopes, format_func=lambda s: dict(units).get(s, s) if s else "Hela kommunen (KF)",
                         horizontal=True, key="target_scope")
        current = call(targets.for_scope, year, scope)
        edited = st.data_editor(current.rename(columns={"kpi_code": "Nyckeltal", "period": "Period", "target": "Mål", "warn": "Varning"}),
                                num_rows="dynamic", hide_index=True, key=f"targets_{scope}",
                                column_config={"Nyckeltal": st.column_config.SelectboxColumn(options=catalogue.codes()),
                                               "Period": st.column_config.SelectboxColumn(options=list(targets.PERIODS))})
        st.caption("Andelar skrivs som tal mellan 0 och 1 (0,9 = 90 %). Tom period = hela året.")
        if st.button("Spara målen"):
            rows = edited.rename(columns={"Nyckeltal": "kpi_code", "Period": "period", "Mål": "target", "Varning": "warn"}).to_dict("records")
            try:
                saved = write(targets.replace_for_scope, year, scope, rows, user)
                st.success(f"{saved} mål sparade.")
            except (TargetError, NotPermitted) as error:
                st.error(str(error))
