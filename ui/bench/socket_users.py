"""`bench --users N --clients websocket`: N people opening the same view at once, as the server sees them.

In a meeting every person has her own computer, so the browser's drawing is spread over twenty machines
while the Streamlit server is one. Twenty chromium renderers on the server's own two cores (the browser
mode) measure mostly chromium; this mode measures the server: each user is a websocket client that speaks
Streamlit's own protocol (the protobuf BackMsg/ForwardMsg on `/_stcore/stream`), carries her session cookie
like a browser and asks for a page run exactly as a click does. Each first opens the landing page of the browser
mode (not timed), so "first" is a running process with a cold cache, as after the night's import. The time is from the request to the run's
`script_finished` with every element received; drawing is not included (the browser mode and
`bench --browser` measure that, one person at a time).

With `--processes K` the users are spread over K Streamlit processes on the same store, as a reverse proxy
with sticky sessions would do (README → Several app processes).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from services.access import sessions
from services.core.db import session_scope
from services.ops import browser_bench as bb

PAGES = {"Översikt": "oversikt", "Presentation": "presentation"}  # the same pages as the browser mode (USER_PAGES)
LANDING = {bb.LANDING: bb.LANDING}  # opened first, not timed: as the browser mode's sign-in, it warms no timed page
TIMEOUT_S = 300


@dataclass
class PageRun:
    """What one page run sent back: its time, its elements and the texts among them (to check it is the page)."""

    ms: float
    deltas: int = 0
    texts: list[str] = field(default_factory=list)
    exception: str | None = None


def _rerun(page_name: str, query_string: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    msg.rerun_script.page_name = page_name  # the address (/oversikt), as the browser sends it on a click or a link
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


def _texts(delta) -> list[str]:
    """The markdown, headings and metrics of one element: what a user would read."""
    element = delta.new_element if delta.HasField("new_element") else None
    if element is None:
        return []
    kind = element.WhichOneof("type")
    if kind == "markdown":
        return [element.markdown.body]
    if kind == "heading":
        return [element.heading.body]
    if kind == "metric":
        return [f"{element.metric.label}: {element.metric.body}"]
    if kind == "exception":
        return [f"FEL: {element.exception.message}"]
    return []


class Client:
    """One person's browser session on the server, without the browser."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url, token
        self.socket = None

    async def connect(self) -> None:
        import websockets

        address = self.url.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"
        self.socket = await websockets.connect(
            address, subprotocols=["streamlit"], additional_headers={"Cookie": f"{sessions.COOKIE}={self.token}"},
            max_size=None, open_timeout=TIMEOUT_S, ping_interval=None,
        )

    async def open(self, page: str, query_string: str) -> PageRun:
        """Ask for a run of `page` and read until it has finished: the time and what it drew."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        started = time.perf_counter()
        await self.socket.send(_rerun({**PAGES, **LANDING}[page], query_string))
        run = PageRun(0.0)
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))
            kind = msg.WhichOneof("type")
            if kind == "delta":
                run.deltas += 1
                run.texts += _texts(msg.delta)
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # the app moved on (a sign-in, a page switch)
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.exception = "kompileringsfel"
                break
        run.ms = (time.perf_counter() - started) * 1000
        shown = [t for t in run.texts if t.startswith("FEL: ")]
        run.exception = run.exception or (shown[0][:300] if shown else None)
        return run

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


def _tokens(engine, names: list[str]) -> list[str]:
    """A signed-in session per account, as the sign-in form opens one (the cookie the browser would carry)."""
    with session_scope(engine) as session:
        return [sessions.open_session(session, name) for name in names]


SIGNED_IN = "nyckeltal uppfyllda"  # Översikt's summary sentence: the page itself ran, not the sign-in form


async def run_socket_users_async(database_url: str, engine, users: int, url: str | None = None,
                                 processes: int = 1) -> dict:
    """`users` clients, each her own account and session, open Översikt and then the presentation at the same
    moment (all units × helår), first on fresh servers and then once more."""
    from urllib.parse import urlencode

    servers = [] if url else [bb.Server("app.py", database_url) for _ in range(max(1, processes))]
    accounts = None
    clients: list[Client] = []
    result = {"mode": "users", "clients": "websocket", "users": users, "processes": len(servers) or None,
              "url": url or "egen server", "database": bb._safe_url(database_url),
              "account": "tillfälliga (skapade och borttagna)", "load_average_before": bb.load_average(), "pages": []}
    errors: list[str] = []
    rounds = ("första", "upprepat")
    timings = {(title, r): [] for r in rounds for title in PAGES}
    try:
        accounts = bb.temporary_accounts(engine, users)
        targets = [url] if url else [server.url for server in servers]
        selection = bb.selections(engine)[1]  # all units × helår, as the browser mode
        query = urlencode(selection["params"])
        for n, token in enumerate(_tokens(engine, [name for name, _ in accounts.names])):
            clients.append(Client(targets[n % len(targets)], token))  # sticky: a user stays on her process
        await asyncio.gather(*(client.connect() for client in clients))
        for start in range(0, len(clients), bb.SIGN_IN_BATCH):  # the process up and signed in to, as a browser's
            await asyncio.gather(*(client.open(bb.LANDING, query) for client in clients[start:start + bb.SIGN_IN_BATCH]))
        for round_ in rounds:
            for title in PAGES:
                outcomes = await asyncio.gather(*(client.open(title, query) for client in clients),
                                                return_exceptions=True)
                for outcome in outcomes:
                    if isinstance(outcome, BaseException):
                        errors.append(f"{title}: {type(outcome).__name__} {outcome}")
                    elif outcome.exception:
                        errors.append(f"{title}: {outcome.exception}")
                    elif title == "Översikt" and not any(SIGNED_IN in t for t in outcome.texts):
                        errors.append(f"{title}: sidan visades inte ({outcome.deltas} element)")
                    else:
                        timings[title, round_].append(outcome.ms)
    finally:
        for client in clients:
            try:
                await client.close()
            except Exception:  # noqa: BLE001 - closing after a failed run
                pass
        for server in servers:
            server.close()
        if accounts is not None:
            accounts.remove()
    for (title, round_), values in timings.items():
        result["pages"].append({"page": title, "round": round_, "ms": [round(x, 1) for x in values],
                                "p50_ms": bb.percentile(values, 0.5), "p95_ms": bb.percentile(values, 0.95)})
    result["server_peak_mb"] = sum(server.peak_mb for server in servers) if servers else None
    result["errors"] = errors
    result["load_average_after"] = bb.load_average()
    return result


def run_socket_users(*args, **kwargs) -> dict:
    return asyncio.run(run_socket_users_async(*args, **kwargs))
