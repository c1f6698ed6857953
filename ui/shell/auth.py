"""The sign-in gate every page passes: OIDC in production, local accounts otherwise.

Which way is used: if `.streamlit/secrets.toml` has an `[auth]` section, Streamlit's
built-in OIDC login (`st.login`, e.g. Entra ID) proves who the person is and the
account row with that e-mail as user name gives the role. Otherwise the local
accounts in the store are used. With ENHETSKOLLEN_ENV=production the app refuses
to run without OIDC.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import streamlit as st

from services.access import audit, auth, sessions, settings
from services.access.auth import AccountError, SignedIn
from services.core.db import session_scope
from ui.shell.store import engine

SESSION_KEYS = ("user_name", "last_seen", "idle_minutes", "session_token")
IDLE_CHECK = dt.timedelta(seconds=30)  # how soon after the timeout an open page is cleared


def production() -> bool:
    return os.environ.get("ENHETSKOLLEN_ENV", "").lower() in ("production", "produktion", "prod")


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


def _sign_out(eng, reason: str | None = None) -> None:
    name, token = st.session_state.get("user_name"), st.session_state.get("session_token")
    for key in SESSION_KEYS:
        st.session_state.pop(key, None)
    if token:
        st.session_state["forget_cookie"] = True  # the sign-in form that follows clears it in the browser
    if name:
        with session_scope(eng) as session:
            sessions.revoke(session, token, "tidsgräns" if reason == "tidsgräns" else "utloggning")
            audit.record(session, name, "utloggning", "", reason or "")


def _cookie_script(value: str | None) -> str:
    """The one line of JavaScript that sets (or, with None, removes) the session cookie in this browser.

    A session cookie (no max-age): closing the browser ends it, and the store ends it after the idle
    timeout whatever the browser keeps. SameSite=Strict: no other site's page can send it; Secure on https.
    """
    path = "/" + (st.get_option("server.baseUrlPath") or "").strip("/")
    attributes = f"; path={path}; SameSite=Strict"
    assignment = (f"{sessions.COOKIE}={value}{attributes}" if value
                  else f"{sessions.COOKIE}={attributes}; max-age=0")
    return (f"<script>document.cookie = {json.dumps(assignment)} + "
            f"(location.protocol === 'https:' ? '; Secure' : '');</script>")


def keep_session_cookie() -> None:
    """Hand this browser its session token (every page run: idempotent, and a page switch may drop one run's
    output). Nothing visible: the element's container is hidden by ui.shell.style."""
    token = st.session_state.get("session_token")
    if token:
        st.container(key="session_cookie").html(_cookie_script(token), unsafe_allow_javascript=True)


def _forget_cookie() -> None:
    if st.session_state.pop("forget_cookie", False):
        st.container(key="session_cookie").html(_cookie_script(None), unsafe_allow_javascript=True)


def browser_cookie() -> str | None:
    """The session cookie the browser sent when this browser session opened (None without one)."""
    token = st.context.cookies.get(sessions.COOKIE)
    return token if isinstance(token, str) else None  # AppTest has no browser: its context is a mock


def resumed_user_name(eng) -> str | None:
    """Who this browser session belongs to: the name in session state, or the one a valid session cookie
    stands for (a reload, a new tab, another app process). A cookie that opens nothing is forgotten."""
    name = st.session_state.get("user_name")
    if name or oidc_configured():
        return name
    token = browser_cookie()
    if not token or st.session_state.get("refused_token") == token:
        return None
    with session_scope(eng) as session:
        name = sessions.resume(session, token)
    if name is None:
        st.session_state["refused_token"] = token  # read once per browser session, not on every run
        st.session_state["forget_cookie"] = True
        return None
    st.session_state.update(user_name=name, session_token=token, last_seen=dt.datetime.now())
    return name


def _session_still_open(eng) -> bool:
    """Is this browser's server-side session still valid (not revoked by a sign-out elsewhere or a password
    change, the role unchanged)? Moves its last-seen time on; no token (tests, OIDC): nothing to check."""
    token = st.session_state.get("session_token")
    if not token:
        return True
    with session_scope(eng) as session:
        return sessions.resume(session, token) == st.session_state.get("user_name")


def _timeout_minutes(eng) -> int:
    with session_scope(eng) as session:
        return int(settings.get(session, "session_timeout_minutes"))


def idle_expired(now: dt.datetime | None = None) -> bool:
    """Has this session been idle for longer than the timeout? From session state alone, no query: the
    time of the last page run and the timeout as it was read then."""
    last, minutes = st.session_state.get("last_seen"), st.session_state.get("idle_minutes")
    if last is None or minutes is None:
        return False
    return (now or dt.datetime.now()) - last > dt.timedelta(minutes=minutes)


def _timed_out(eng) -> bool:
    if st.session_state.get("last_seen") is None:
        return False
    st.session_state["idle_minutes"] = _timeout_minutes(eng)  # a changed timeout counts at once
    return idle_expired()


def _check_idle() -> None:
    if idle_expired():
        st.rerun()  # the whole app: current_user signs the session out and the sign-in replaces the page


def watch_idle() -> None:
    """Clear the page when the session times out, not at the next click: a fragment that reruns on its
    own every IDLE_CHECK and only compares two values in session state (no query, nothing drawn).
    A fragment run is not activity: only page runs move `last_seen`."""
    st.fragment(_check_idle, run_every=IDLE_CHECK, key="idle_watch")()


def _local_form(eng) -> None:
    st.title("Enhetskollen")
    st.subheader("Logga in")
    with st.form("sign_in", enter_to_submit=False):  # no English "Press Enter to submit form" hint
        name = st.text_input("Användarnamn", autocomplete="username")
        password = st.text_input("Lösenord", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Logga in", type="primary")
    if submitted:
        try:
            with session_scope(eng) as session:
                user = auth.authenticate(session, name, password)
                token = sessions.open_session(session, user.username)
        except AccountError as error:
            st.error(str(error), icon=":material/lock:")
            return
        st.session_state.update(user_name=user.username, session_token=token, last_seen=dt.datetime.now())
        st.session_state.pop("forget_cookie", None)
        st.rerun()
    st.caption("Saknar du konto? Be Enhetskollens administratör om ett.")


def _oidc_user(eng) -> str | None:
    if not st.user.is_logged_in:
        st.title("Enhetskollen")
        st.button("Logga in med organisationens konto", type="primary", on_click=st.login)
        st.stop()
    email = st.user.get("email") or st.user.get("preferred_username")
    if st.session_state.get("user_name") != email:
        with session_scope(eng) as session:
            audit.record(session, email or "(okänd)", "inloggning", "", "OIDC")
    return email


def current_user(eng, notice=None) -> SignedIn:
    """The signed-in user, or the sign-in form and a stop: nothing else of the page is sent.

    `notice`, if given, is drawn above the sign-in form (the sample-data notice).
    """
    if production() and not oidc_configured():
        st.error("Enhetskollen startar inte i produktionsläge utan inloggning: konfigurera [auth] i "
                 ".streamlit/secrets.toml (se README).", icon=":material/block:")
        st.stop()
    if st.session_state.get("user_name") and _timed_out(eng):
        _sign_out(eng, "tidsgräns")
        st.warning("Du har loggats ut efter en stund utan aktivitet. Logga in igen.", icon=":material/timer_off:")
    elif st.session_state.get("user_name") and not _session_still_open(eng):
        _sign_out(eng, "sessionen avslutad")
        st.warning("Du är utloggad (utloggning på en annan plats eller nytt lösenord). Logga in igen.",
                   icon=":material/logout:")
    name = _oidc_user(eng) if oidc_configured() else resumed_user_name(eng)
    user = None
    if name:
        with session_scope(eng) as session:
            user = auth.signed_in(session, name)
        if user is None and oidc_configured():
            st.error(f"{name} har inget konto i Enhetskollen. Be administratören lägga upp det.")
            st.button("Logga ut", on_click=st.logout)
            st.stop()
    if user is None:
        _sign_out(eng)
        _forget_cookie()
        if notice:
            notice()
        _local_form(eng)
        st.stop()
    st.session_state["user_name"] = user.username
    st.session_state["last_seen"] = dt.datetime.now()
    if "idle_minutes" not in st.session_state:
        st.session_state["idle_minutes"] = _timeout_minutes(eng)
    return user


def user_box(eng, user: SignedIn, show_name: bool = True) -> None:
    """Who is signed in (not on a shared screen), with a sign-out button, at the foot of the sidebar."""
    st.sidebar.divider()
    if show_name:
        st.sidebar.text(f"Inloggad: {user.display_name} · {user.role_label}")
    if st.sidebar.button("Logga ut", key="sign_out", icon=":material/logout:"):
        _sign_out(eng, "")
        if oidc_configured():
            st.logout()
        st.rerun()


def change_own_password(user: SignedIn, old_password: str, new_password: str) -> None:
    """Her own password: every session of the account ends (other browsers sign in again), this browser
    gets a new one so she stays where she is. Raises AccountError with the Swedish reason."""
    with session_scope(engine()) as session:
        auth.change_own_password(session, user, old_password, new_password)
        token = sessions.open_session(session, user.username)
    st.session_state["session_token"] = token


def sign_out_everywhere(user: SignedIn) -> int:
    """End every session of her account, this one too; returns how many browsers were signed in."""
    with session_scope(engine()) as session:
        ended = sessions.revoke_all(session, user.username, "utloggning överallt")
    _sign_out(engine(), "utloggning överallt")
    return ended
