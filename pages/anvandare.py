"""Användare och logg (admin): accounts, roles and scopes, and the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.access import audit, auth, roles, settings
from services.access.auth import AccountError
from services.core import store_info
from ui.output import format as fmt
from ui.shell import frame
from ui.shell.data import call, fresh, write
from ui.shell.filters import CHOOSE
from ui.widgets import charts

frame.page_setup(__file__, roles.ADMIN)
admin = frame.current_user()  # every change below is made, checked and logged as this admin
frame.header("Användare och logg", None, "Konton, roller och vad de får se, samt loggen över inloggningar, importer, exporter, ändringar och visningar")

SCOPE_HELP = ("Enhetschef och presentation: enhetskoder. Biträdande enhetschef: arbetsgruppskoder. "
              "Ledning och administratör ser alla enheter, bara sammanställt.")
units = call(store_info.units)
teams = call(store_info.teams)
scope_names = {code: name for code, name in [*units, *teams]}

tab_users, tab_new, tab_log, tab_settings = st.tabs(["Konton", "Nytt konto", "Logg", "Inställningar"])

with tab_users:
    accounts = fresh(auth.users)  # accounts change without an import (cli.py create-user, another admin)
    st.dataframe(pd.DataFrame([{
        "Användare": a["username"], "Namn": a["display_name"], "Roll": roles.ROLES[a["role"]],
        "Omfattning": ", ".join(scope_names.get(c, c) for c in a["scopes"]) or "alla enheter (sammanställt)",
        "Aktiv": "ja" if a["active"] else "nej", "Låst till": fmt.date(a["locked_until"]) if a["locked_until"] else "",
        "Inloggning": "organisationens konto" if a["sso_only"] else "lösenord",
    } for a in accounts]), hide_index=True, width="stretch")

    st.subheader("Ändra ett konto")
    chosen = st.selectbox("Konto", [a["username"] for a in accounts], key="edit_user", placeholder=CHOOSE)
    account = next(a for a in accounts if a["username"] == chosen)
    with st.form("edit_account"):
        role = st.selectbox("Roll", list(roles.ROLES), index=list(roles.ROLES).index(account["role"]), format_func=roles.ROLES.get, placeholder=CHOOSE)
        scopes = st.multiselect("Omfattning", list(scope_names), default=account["scopes"], format_func=scope_names.get, help=SCOPE_HELP, placeholder="Välj enheter eller arbetsgrupper")
        active = st.checkbox("Aktiv", value=account["active"])
        if st.form_submit_button("Spara ändringen"):
            try:
                write(auth.update_user, chosen, role, scopes, active, admin)
                st.success(f"{fmt.plain(chosen)} är ändrad.")
            except AccountError as error:
                st.error(str(error))
    if not account["sso_only"] and st.button("Nytt lösenord (låser också upp kontot)"):
        password = write(auth.set_password, chosen, None, admin)
        st.success(f"Nytt lösenord för {fmt.plain(chosen)}: `{password}` – visas bara nu.")
    with st.popover("Ta bort kontot", icon=":material/delete:"):
        st.write(f"{fmt.plain(chosen)} tas bort och loggas ut överallt. Loggen behåller namnet.")
        if st.button("Ta bort", type="primary", key="delete_account"):
            try:
                write(auth.delete_user, chosen, admin)
                st.success(f"{fmt.plain(chosen)} är borttaget.")
            except AccountError as error:
                st.error(str(error))

with tab_new:
    with st.form("new_account", clear_on_submit=True):
        username = st.text_input("Användarnamn (vid inloggning via organisationen: e-postadressen)")
        name = st.text_input("Namn")
        role = st.selectbox("Roll", list(roles.ROLES), index=1, format_func=roles.ROLES.get, placeholder=CHOOSE)
        scopes = st.multiselect("Omfattning", list(scope_names), format_func=scope_names.get, help=SCOPE_HELP, placeholder="Välj enheter eller arbetsgrupper")
        sso = st.checkbox("Loggar in med organisationens konto (inget lösenord här)")
        if st.form_submit_button("Skapa kontot", type="primary"):
            try:
                password = write(auth.create_user, username, role, scopes, None, name or None, admin, sso)
                st.success(f"{fmt.plain(username)} är skapad." + (f" Lösenord: `{password}` – visas bara nu." if password else ""))
            except AccountError as error:
                st.error(str(error))

with tab_log:
    actions = {"": "Alla händelser", **audit.ACTIONS}
    a, b = st.columns(2)
    action = a.selectbox("Händelse", list(actions), format_func=actions.get, placeholder=CHOOSE)
    who = b.text_input("Användare")
    log = fresh(audit.recent, 500, who.strip() or None, action or None)
    st.dataframe(log.rename(columns={"at": "Tid", "username": "Användare", "action": "Händelse", "target": "Vad",
                                     "detail": "Detaljer"}), hide_index=True, width="stretch")
    st.caption("De senaste 500 händelserna. Loggen kan inte ändras i appen.")

with tab_settings:
    minutes = call(settings.get, "session_timeout_minutes")
    new_minutes = st.number_input("Utloggning efter så här många minuter utan aktivitet", min_value=5, max_value=480, value=int(minutes))
    if st.button("Spara tidsgränsen"):
        write(settings.put, "session_timeout_minutes", int(new_minutes), admin)
        st.success(f"Sparat: {int(new_minutes)} minuter.")

    st.markdown("**Enheternas egna färger i presentationsläget**")
    colours = call(settings.get, "unit_colours")
    chosen_colours = {}
    columns = st.columns(max(len(units), 1))
    for index, (code, name) in enumerate(units):
        default = colours.get(code, charts.PALETTE[index % len(charts.PALETTE)])
        chosen_colours[code] = columns[index % len(columns)].color_picker(name, value=default, key=f"colour_{code}")
    if units and st.button("Spara färgerna"):
        write(settings.put, "unit_colours", chosen_colours, admin)
        st.success("Färgerna är sparade.")
