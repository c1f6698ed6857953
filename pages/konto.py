"""Mitt konto: who she is signed in as, what her role opens, her own password, and sign-out everywhere.

A chef with a one-time password from the administrator changes it here herself.
"""

from __future__ import annotations

import streamlit as st

from services.access import auth, roles
from services.access.auth import AccountError
from ui.shell import frame
from ui.shell.auth import change_own_password, sign_out_everywhere
from ui.shell.data import fresh

frame.page_setup(__file__, roles.ALL_ROLES)
user = frame.current_user()
frame.header("Mitt konto", None)

account = fresh(auth.own_account, user.username)
column, _ = st.columns([3, 2])  # a form of a readable width, not the whole screen
with column:
    st.subheader(account["display_name"])
    scope = ", ".join(account["scopes"]) or "alla enheter (sammanställt)"
    st.markdown(f"**Användarnamn:** {account['username']}  \n**Roll:** {account['role_label']}  \n**Ser:** {scope}")

    st.subheader("Byt lösenord")
    if st.session_state.pop("password_changed", False):
        st.success("Lösenordet är bytt. Andra webbläsare där du var inloggad är nu utloggade.")
    if account["sso_only"]:
        st.info("Du loggar in med organisationens konto; lösenordet byter du där.", icon=":material/info:")
    else:
        with st.form("own_password", clear_on_submit=True, enter_to_submit=False):
            old = st.text_input("Nuvarande lösenord", type="password", autocomplete="current-password")
            new = st.text_input(f"Nytt lösenord (minst {auth.MIN_PASSWORD_LENGTH} tecken)", type="password",
                                autocomplete="new-password")
            again = st.text_input("Nytt lösenord igen", type="password", autocomplete="new-password")
            if st.form_submit_button("Byt lösenord", type="primary"):
                if new != again:
                    st.error("De två nya lösenorden är inte lika.")
                else:
                    try:
                        change_own_password(user, old, new)
                    except AccountError as error:
                        st.error(str(error))
                    else:
                        st.session_state["password_changed"] = True
                        st.rerun()  # the next run hands this browser its new session

    st.subheader("Inloggningar")
    st.write(f"Du är inloggad i {account['open_sessions']} webbläsare just nu.")
    if st.button("Logga ut överallt", key="sign_out_everywhere", icon=":material/logout:"):
        sign_out_everywhere(user)
        st.rerun()
