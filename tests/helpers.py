"""Plain helpers shared by the page tests (not fixtures; those live in conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from models import Base
from services.core.db import session_scope

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def open_app(monkeypatch, url: str, user: str | None = "t_chef", script: str = "app.py") -> AppTest:
    """The app (or one page) as `user` would see it once signed in; None = not signed in."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if user:
        at.session_state["user_name"] = user
        at.session_state["last_seen"] = dt.datetime.now()
    if script != "app.py":
        at.switch_page(script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    """Fill the sign-in form as a person does."""
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything written on the page, for 'does the user see X' assertions."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [i.value for i in at.info]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def sparklines(at: AppTest) -> list[str]:
    """The KPI cards' trend lines on the page (inline SVG, ui/output/sparkline.py)."""
    return [m.value for m in at.markdown if 'class="sparkline"' in m.value]


def choose(at: AppTest, year: int, kind: str, month: int | None = None, unit: str | None = None) -> AppTest:
    if unit:
        at.selectbox(key="filter_unit").set_value(unit)
    at.selectbox(key="filter_year").set_value(year)
    at.radio(key="filter_kind").set_value(kind)
    at.run()
    if month is not None:
        at.selectbox(key=f"filter_month_{year}").set_value(month)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every data row in the store (not the import and audit logs), to prove a rejected import wrote nothing."""
    with session_scope(engine) as session:
        out = {}
        for table in Base.metadata.sorted_tables:
            if table.name in ("import_log", "audit_log", "roles"):
                continue
            rows = session.execute(select(table)).all()
            out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
        return out


def rewrite(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_bytes(text.replace(old, new).encode(encoding))


def summary_sentence(url: str, username: str, params: dict) -> str:
    """Översikt's summary sentence for the view the address names, from the services."""
    from services.access import auth
    from services.core import store_info
    from services.core.db import get_engine
    from services.core.periods import as_of, period
    from services.core.scope import Filters
    from services.kpis import overview
    from ui.output import format as fmt

    params = {key: value[0] if isinstance(value, list) else value for key, value in params.items()}
    with session_scope(get_engine(url)) as session:
        user, data_date = auth.signed_in(session, username), store_info.data_date(session)
        month = int(params["manad"]) if "manad" in params else None
        filters = Filters(as_of(period(int(params["ar"]), params["period"], month), data_date),
                          params.get("enhet"), params.get("grupp"), user.access)
        head = overview.headline(overview.overview(session, filters), overview.action_items(session, filters))
    return (f"{head.met} av {head.total} nyckeltal uppfyllda · {head.actions_now} behöver åtgärd nu · "
            f"data t.o.m. {fmt.day(data_date)}")
