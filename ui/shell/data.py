"""Cached calls from pages to services, keyed by the filters and the store's import version.

Pages never open sessions themselves; `call(service_function, filters, ...)` runs the
service on the app's store. The function itself is handed on (a tool can follow the call);
its qualified name is only the cache key. The key also holds the id of the latest accepted
import, so any import (in the app or through cli.py) clears it.
"""

from __future__ import annotations

import streamlit as st

from services.core import store_info
from services.core.db import database_url, get_engine, session_scope
from ui.shell.store import engine


def data_version() -> int:
    """The id of the latest accepted import: changes whenever the store's data changes."""
    with session_scope(get_engine(database_url())) as session:
        return store_info.data_version(session)


@st.cache_data(show_spinner=False, max_entries=2000, ttl=3600)
def _cached(_function, name: str, url: str, version: int, args: tuple, kwargs: tuple):
    """`_function` is not hashed (the leading underscore); `name` stands for it in the cache key."""
    with session_scope(get_engine(url)) as session:
        return _function(session, *args, **dict(kwargs))


def call(function, *args, **kwargs):
    """function(session, *args, **kwargs) on the app's store, cached."""
    version = st.session_state.get("data_version")
    if version is None:
        version = data_version()
    name = f"{function.__module__}.{function.__qualname__}"
    return _cached(function, name, database_url(), version, args, tuple(sorted(kwargs.items())))


def write(function, *args, **kwargs):
    """function(session, *args, **kwargs) in a committed transaction; cached results are dropped."""
    with session_scope(get_engine(database_url())) as session:
        result = function(session, *args, **kwargs)
    _cached.clear()
    return result


def fresh(function, *args, **kwargs):
    """function(session, *args, **kwargs) uncached: for what changes without an import, like the audit log."""
    with session_scope(get_engine(database_url())) as session:
        return function(session, *args, **kwargs)


def on_store(function, *args, **kwargs):
    """function(engine, *args, **kwargs) for the services that run their own transaction (the importer);
    cached results are dropped afterwards. Pages never hold the engine themselves."""
    result = function(engine(), *args, **kwargs)
    _cached.clear()
    return result
