"""Cached calls from pages to services, keyed by the filters and the store's import version.

Pages never open sessions themselves; `call(service_function, filters, ...)`
runs the service on the app's store. The cache key includes the id of the latest
accepted import, so any import (in the app or through cli.py) clears it.
"""

from __future__ import annotations

import importlib

import streamlit as st
from sqlalchemy import func, select

from models import ImportLog
from services.core.db import database_url, get_engine, session_scope


def data_version() -> int:
    """The id of the latest accepted import: changes whenever the store's data changes."""
    with session_scope(get_engine(database_url())) as session:
        return session.scalar(select(func.max(ImportLog.id)).where(ImportLog.outcome == "ok")) or 0


@st.cache_data(show_spinner=False, max_entries=2000, ttl=3600)
def _cached(module: str, name: str, url: str, version: int, args: tuple, kwargs: tuple):
    function = getattr(importlib.import_module(module), name)
    with session_scope(get_engine(url)) as session:
        return function(session, *args, **dict(kwargs))


def call(function, *args, **kwargs):
    """function(session, *args, **kwargs) on the app's store, cached."""
    version = st.session_state.get("data_version")
    if version is None:
        version = data_version()
    return _cached(function.__module__, function.__name__, database_url(), version, args, tuple(sorted(kwargs.items())))


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
