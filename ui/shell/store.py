"""The app's store: migrated once per process, the sample loaded on an empty store, the first accounts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from sample_data.load import load_sample
from services.access import auth
from services.core import store_info
from services.core.db import database_url, get_engine, migrate, session_scope


@st.cache_resource(show_spinner=False)
def _prepared_engine(url: str):
    """Migrate once per process; on an empty store, load the sample municipality."""
    engine = get_engine(url)
    migrate(engine)
    loaded = False
    if store_info.store_is_empty(engine):
        with tempfile.TemporaryDirectory() as out:  # `cli.py sample-data --out DIR` keeps the files
            result = load_sample(engine, Path(out), username="system")
        if not result.ok:
            raise RuntimeError("Exempeldata kunde inte läsas in: " + "; ".join(result.errors[:3]))
        loaded = True
    _first_accounts(engine)
    return engine, loaded


def _first_accounts(engine) -> None:
    """No accounts yet: create 'admin' (and on the sample store a demo enhetschef), passwords printed once."""
    with session_scope(engine) as session:
        password = auth.ensure_first_admin(session)
        if password is None:
            return
        lines = [f"  admin / {password}  (administratör)"]
        if store_info.holds_only_sample(engine):
            units = [code for code, _ in store_info.units(session)]
            demo = auth.create_user(session, "chef", "enhetschef", units, display_name="Exempelchef")
            lines.append(f"  chef / {demo}  (enhetschef för exempelenheterna)")
    print("Enhetskollen: de första kontona (lösenorden visas bara nu, byt dem på sidan Användare):", *lines, sep="\n", flush=True)


def engine():
    """The store this app runs on (DATABASE_URL, else the embedded SQLite file)."""
    with st.spinner("Förbereder databasen (första start: läser in exempeldata)…"):
        eng, _ = _prepared_engine(database_url())
    return eng


def sample_notice(eng) -> None:
    """Say plainly when what is on screen is the fictional sample, not the unit's own data."""
    if store_info.holds_only_sample(eng):
        st.container(key="sample_notice").info(  # keyed: presentation mode hides it (ui/shell/style.py)
            "**Exempeldata** – Enhetskollen visar en påhittad stadsdel (Norrvik) med fiktiva enheter, "
            "ärenden och personal. Läs in era egna extrakt med `python cli.py import MAPP`.",
            icon=":material/science:",
        )
