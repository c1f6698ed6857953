"""`cli.py bench --browser`: the shape of a short run (one repeat, two pages), never its timings."""

from __future__ import annotations

import json

import pytest

import cli
from services.ops import browser_bench

BROWSER_KEYS = {"mode", "url", "database", "account", "repeats", "cold_runs", "quiet_ms", "load_average_before",
                "selections", "pages", "floor", "server_peak_mb", "load_average_after", "worst_p95_ratio"}
PAGE_KEYS = {"page", "selection", "first_ms", "first_p50_ms", "first_p95_ms", "repeat_ms", "repeat_p50_ms",
             "repeat_p95_ms", "ratio_p95", "errors"}
FLOOR_KEYS = {"first_ms", "repeat_ms", "repeat_p50_ms", "repeat_p95_ms", "server_peak_mb"}


def test_without_chromium_it_says_so_in_swedish_and_exits_1(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(browser_bench, "CHROMIUM", str(tmp_path / "ingen-chromium"))
    assert cli.main(["bench", "--browser", "--database-url", f"sqlite:///{tmp_path / 'x.db'}"]) == 1
    assert "Webbläsaren saknas" in capsys.readouterr().err


def test_percentiles_are_nearest_rank():
    assert browser_bench.percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert browser_bench.percentile([5, 1, 3, 2, 4], 0.95) == 5
    assert browser_bench.percentile([], 0.95) is None


def test_ports_come_from_the_given_range_and_a_taken_port_is_skipped(monkeypatch):
    import socket

    assert browser_bench.parse_ports("8640-8659") == range(8640, 8660)
    assert browser_bench.parse_ports("8645") == range(8645, 8646)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        monkeypatch.setattr(browser_bench, "PORTS", range(busy, busy + 1))
        with pytest.raises(RuntimeError, match="ingen ledig port"):
            browser_bench.free_port()
        monkeypatch.setattr(browser_bench, "PORTS", range(busy, busy + 3))
        assert browser_bench.free_port() in (busy + 1, busy + 2)


@pytest.mark.slow
@pytest.mark.skipif(browser_bench.missing_prerequisite() is not None, reason=str(browser_bench.missing_prerequisite()))
def test_a_short_run_has_the_documented_shape_and_ends_with_the_worst_ratio(sample_store, capsys):
    from sqlalchemy import select

    from models.system import User
    from services.core.db import get_engine

    assert cli.main(["bench", "--browser", "--repeats", "1", "--pages", "Start,Inflöde", "--json",
                     "--database-url", sample_store]) == 0
    output = json.loads(capsys.readouterr().out)
    assert set(output) == {"browser"}
    result = output["browser"]
    assert set(result) == BROWSER_KEYS
    assert set(result["floor"]) == FLOOR_KEYS
    assert [s["name"] for s in result["selections"]] == ["en enhet, en månad", "alla enheter, helår"]
    assert {(p["page"], p["selection"]) for p in result["pages"]} == {
        (page, s) for page in ("Start", "Inflöde") for s in ("en enhet, en månad", "alla enheter, helår")}
    for page in result["pages"]:
        assert set(page) == PAGE_KEYS
        assert len(page["first_ms"]) == 1 and len(page["repeat_ms"]) == 1 and page["errors"] == [], page
    assert result["floor"]["repeat_p95_ms"], result["floor"]
    ratios = [p["ratio_p95"] for p in result["pages"]]
    assert None not in ratios, result["pages"]
    assert result["worst_p95_ratio"] == max(ratios)
    lines = browser_bench.report_browser(result)  # the text output is this report of the same result
    assert lines[-1] == f"Sämsta p95 mot golvet: {max(ratios):.2f}"
    with get_engine(sample_store).connect() as conn:  # the temporary account is gone again
        assert not conn.execute(select(User.username).where(User.username.like("bench_%"))).all()


USERS_KEYS = {"mode", "clients", "users", "processes", "url", "database", "account", "load_average_before", "pages",
              "server_peak_mb", "errors", "load_average_after"}


@pytest.mark.slow
def test_websocket_users_on_two_processes_open_the_page_itself_and_leave_no_account(sample_store, capsys):
    """`--users 2 --clients websocket --processes 2`: each user's run is Översikt (its summary sentence), on
    both rounds and both pages; the temporary accounts and their sign-in sessions are gone afterwards."""
    from sqlalchemy import select

    from models.system import User, UserSession
    from services.core.db import get_engine

    assert cli.main(["bench", "--users", "2", "--clients", "websocket", "--processes", "2", "--json",
                     "--database-url", sample_store]) == 0
    (result,) = json.loads(capsys.readouterr().out)["users"]
    assert set(result) == USERS_KEYS
    assert (result["clients"], result["users"], result["processes"], result["errors"]) == ("websocket", 2, 2, [])
    assert [(p["page"], p["round"], len(p["ms"])) for p in result["pages"]] == [
        ("Översikt", "första", 2), ("Presentation", "första", 2), ("Översikt", "upprepat", 2),
        ("Presentation", "upprepat", 2)]
    assert result["server_peak_mb"] > 0
    with get_engine(sample_store).connect() as conn:
        assert not conn.execute(select(User.username).where(User.username.like("bench_%"))).all()
        assert not conn.execute(select(UserSession.id).join(User, User.id == UserSession.user_id)
                                .where(User.username.like("bench_%"))).all()


@pytest.mark.slow
def test_a_websocket_client_without_a_valid_session_gets_the_sign_in_not_the_page(sample_store):
    import asyncio

    from ui.bench import socket_users

    async def open_with(token: str):
        server = browser_bench.Server("app.py", sample_store)
        try:
            client = socket_users.Client(server.url, token)
            await client.connect()
            try:
                return await client.open("Översikt", "ar=2025&period=helår")
            finally:
                await client.close()
        finally:
            server.close()

    run = asyncio.run(open_with("ingen-giltig-session"))
    assert "Logga in" in run.texts and not any(socket_users.SIGNED_IN in t for t in run.texts)
