"""What people feel: click → Streamlit idle in a real browser (`cli.py bench --browser`, `--users N`).

Playwright drives Debian's chromium against `streamlit run app.py` on the store. A click is
timed in the page itself: the clock starts as the navigation link is clicked and stops when
the app's script state leaves "running" (`stApp[data-test-script-state]`), with no running
indicator (`stStatusWidget`), spinner or stale element left, and nothing changes for 300 ms;
the time reported is the last busy moment or the last change to the page (a MutationObserver
on stApp), whichever is later, not the end of the 300 ms.

The floor is the same click in the same browser on a bare Streamlit app of the same
Streamlit version on the same machine: two pages of one line of text in an `st.navigation`
sidebar (written to a temporary directory and served by a second server). It is what any
Streamlit page costs for a navigation click (websocket round trip, script run, render), so a
page's ratio to it is what the app adds: sign-in check, the shared frame and filters, the
service calls and the drawing. (It is not a page inside the app: app.py is not changed for
the bench.)

Sign-in: with `--user` the given account (password from ENHETSKOLLEN_PASSWORD or standard in);
otherwise temporary accounts `bench_<pid>_<n>` (enhetschef for every unit of the store) are
created in the store and removed afterwards, also when the run fails. `--users N` always uses N
temporary accounts, one per user. A click after which nothing changes for 9 s is an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LANDING = "data"  # the deep link signed in to: a page outside the timed ones, so no timed page is warmed by the sign-in
QUIET_MS = 300
FLOOR_TITLE = "Tom sida"
PRESENTATION = "Presentation"  # presentation mode hides the sidebar: clicked last in a round, then the landing page again

# JavaScript run in the page: click a sidebar navigation link, resolve with the time to idle.
CLICK_TO_IDLE = r"""
async ([title, quietMs, timeoutMs]) => {
  const links = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')];
  const link = links.find(a => a.innerText.trim().split('\n').pop().trim() === title);
  if (!link) return {ms: 0, error: 'ingen länk ' + title};
  const busy = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return (app && app.getAttribute('data-test-script-state') === 'running')
      || !!document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSpinner"], [data-stale="true"]');
  };
  const app = document.querySelector('[data-testid="stApp"]');
  let lastBusy = 0, sawBusy = false, lastChange = 0;
  const observer = new MutationObserver(() => { lastChange = performance.now(); });
  observer.observe(app, {subtree: true, childList: true, characterData: true, attributes: true});
  const t0 = performance.now();
  lastBusy = lastChange = t0;
  link.click();
  return await new Promise(resolve => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (busy()) { lastBusy = now; sawBusy = true; }
      const last = Math.max(lastBusy, lastChange);
      const quiet = now - last;
      // under load the rerun may start seconds after the click: nothing yet is not idle yet
      const started = sawBusy || lastChange > t0;
      if ((started && quiet >= quietMs) || (!started && now - t0 >= 30 * quietMs)) {
        clearInterval(timer);
        observer.disconnect();
        const error = document.querySelector('[data-testid="stException"]');
        resolve({ms: last - t0, sawBusy, exception: error ? error.innerText.slice(0, 300) : null,
                 error: (!sawBusy && lastChange === t0) ? 'ingenting ändrades efter klicket på ' + title : null});
      } else if (now - t0 > timeoutMs) {
        clearInterval(timer);
        observer.disconnect();
        resolve({ms: now - t0, error: 'blev inte klar'});
      }
    }, 10);
  });
}
"""

FLOOR_APP = '''
import streamlit as st

def bare():
    st.write("En rad text.")

def bare_too():
    st.write("En rad text till.")

st.navigation([st.Page(bare, title="Start", default=True), st.Page(bare_too, title="{title}", url_path="tom")]).run()
'''


def missing_prerequisite() -> str | None:
    """A Swedish sentence on what is missing for the browser bench, or None."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "Playwright för Python saknas: installera requirements-dev.txt (pip install playwright)."
    if not Path(CHROMIUM).exists():
        return f"Webbläsaren saknas: {CHROMIUM} finns inte (apt-get install chromium)."
    return None


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (p95 of 5 values is the largest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return round(ordered[int(rank) - 1], 1)


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# --- servers and memory -------------------------------------------------------------------------

PORTS: range | None = None  # `--ports 8640-8659`: the servers take the first free port of this range


def parse_ports(text: str) -> range:
    """'8640-8659' → range(8640, 8660); one number is a range of one port."""
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def free_port() -> int:
    """A free port: the first free one in PORTS when given (shared machines hand each user a range), else any."""
    for port in PORTS or ():
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    if PORTS:
        raise RuntimeError(f"ingen ledig port i {PORTS.start}-{PORTS.stop - 1}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as f:
                rss[int(entry)] = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return round(total * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


class Server:
    """`streamlit run SCRIPT` on a free port; peak RSS of its process tree sampled every 50 ms."""

    def __init__(self, script: str, database_url: str | None, cwd: Path = ROOT):
        self.port = free_port()
        env = {**os.environ}
        if database_url:
            env["DATABASE_URL"] = database_url
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.peak_mb = 0.0
        self._stop = threading.Event()
        for _ in range(240):
            if self.process.poll() is not None:
                break
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.25)
        else:
            self.close()
            raise RuntimeError("Streamlit startade inte inom 60 s")
        if self.process.poll() is not None:
            raise RuntimeError("Streamlit startade inte: " + self.process.stderr.read().decode(errors="replace")[-1500:])
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.process.pid))
            self._stop.wait(0.05)

    def close(self) -> None:
        self._stop.set()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- accounts -----------------------------------------------------------------------------------

@dataclass
class Accounts:
    names: list[tuple[str, str]]  # (username, password)
    temporary: bool
    engine: object = None

    def remove(self) -> None:
        if not self.temporary:
            return
        from sqlalchemy import delete, select

        from models.system import User, UserScope
        from services.access import audit
        from services.core.db import session_scope

        with session_scope(self.engine) as session:
            ids = session.scalars(select(User.id).where(User.username.in_([n for n, _ in self.names]))).all()
            session.execute(delete(UserScope).where(UserScope.user_id.in_(ids)))
            session.execute(delete(User).where(User.id.in_(ids)))
            for name, _ in self.names:
                audit.record(session, "cli:bench", "konto", name, "borttaget efter mätningen")


def temporary_accounts(engine, count: int) -> Accounts:
    """`count` enhetschef accounts for every unit of the store, with random passwords."""
    from sqlalchemy import select

    from models import Unit
    from services.access import auth
    from services.access.permissions import operator
    from services.core.db import session_scope

    names = []
    with session_scope(engine) as session:
        units = list(session.scalars(select(Unit.unit_code).order_by(Unit.unit_code)))
        if not units:
            raise RuntimeError("Databasen har inga enheter: läs in data först (cli.py sample-data).")
        for n in range(1, count + 1):
            name, password = f"bench_{os.getpid()}_{n}", secrets.token_urlsafe(16)
            auth.create_user(session, name, "enhetschef", units, password, display_name=f"Mätning {n}", actor=operator("cli:bench"))
            names.append((name, password))
    return Accounts(names, True, engine)


def selections(engine) -> list[dict]:
    """One unit × the latest month with data, and all units × the last full year (as link parameters)."""
    from sqlalchemy import select

    from models import Unit
    from services.core import store_info
    from services.core.db import session_scope

    with session_scope(engine) as session:
        unit = session.scalar(select(Unit.unit_code).order_by(Unit.unit_code))
        first, last = store_info.data_months(session)
    last = last or dt.date.today()
    full_year = last.year if last.month == 12 else last.year - 1
    if first and full_year < first.year:
        full_year = last.year
    return [
        {"name": "en enhet, en månad", "params": {"enhet": unit, "ar": str(last.year), "period": "månad", "manad": str(last.month)}},
        {"name": "alla enheter, helår", "params": {"ar": str(full_year), "period": "helår"}},
    ]


# --- the browser --------------------------------------------------------------------------------

async def settle(page, quiet_ms: int = 500, timeout_s: float = 180) -> None:
    """Wait until the app is idle (the same rule as a timed click, without the click)."""
    await page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    busy = """() => { const app = document.querySelector('[data-testid="stApp"]');
      return (app && app.getAttribute('data-test-script-state') !== 'notRunning')
        || !!document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSpinner"], [data-stale="true"]'); }"""
    quiet_since, deadline = time.monotonic(), time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await page.evaluate(busy):
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
            return
        await page.wait_for_timeout(50)
    raise TimeoutError("sidan blev inte klar")


async def sign_in(page, url: str, username: str, password: str) -> None:
    await page.goto(url, timeout=120_000)
    await page.wait_for_selector('input[type="password"], [data-testid="stSidebarNav"]', timeout=120_000)
    await settle(page)
    if await page.get_by_label("Lösenord").count():
        await page.get_by_label("Användarnamn").fill(username)
        await page.get_by_label("Lösenord").fill(password)
        await page.get_by_role("button", name="Logga in").click()
    try:
        await page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=120_000)
    except Exception as error:
        raise RuntimeError(f"inloggningen som {username} gick inte igenom") from error
    await settle(page)


async def click(page, title: str, timeout_s: float = 180) -> dict:
    return await page.evaluate(CLICK_TO_IDLE, [title, QUIET_MS, timeout_s * 1000])


async def nav_titles(page) -> list[str]:
    texts = await page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    return [t.strip().split("\n")[-1].strip() for t in texts]  # the icon's ligature comes first


def link(url: str, path: str, params: dict) -> str:
    from urllib.parse import urlencode

    return f"{url}/{path}?{urlencode(params)}" if params else f"{url}/{path}"


@contextlib.asynccontextmanager
async def chromium():
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def new_page(browser):
    context = await browser.new_context(viewport={"width": 1440, "height": 1200}, locale="sv-SE")
    return context, await context.new_page()


# --- bench --browser ----------------------------------------------------------------------------

@dataclass
class PageTiming:
    page: str
    selection: str
    first_ms: list[float] = field(default_factory=list)
    repeat_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self, floor_p95: float | None) -> dict:
        p95 = percentile(self.repeat_ms, 0.95)
        return {"page": self.page, "selection": self.selection, "first_ms": [round(x, 1) for x in self.first_ms],
                "first_p50_ms": percentile(self.first_ms, 0.5), "first_p95_ms": percentile(self.first_ms, 0.95),
                "repeat_ms": [round(x, 1) for x in self.repeat_ms],
                "repeat_p50_ms": percentile(self.repeat_ms, 0.5), "repeat_p95_ms": p95,
                "ratio_p95": round(p95 / floor_p95, 2) if p95 is not None and floor_p95 else None, "errors": self.errors}


async def _floor(browser, repeats: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="enhetskollen_floor_") as tmp:
        script = Path(tmp) / "floor_app.py"
        script.write_text(textwrap.dedent(FLOOR_APP.replace("{title}", FLOOR_TITLE)), encoding="utf-8")
        server = Server(str(script), None, cwd=Path(tmp))
        try:
            context, page = await new_page(browser)
            await page.goto(server.url)
            await settle(page)
            timings = PageTiming(FLOOR_TITLE, "—")
            for n in range(repeats + 1):
                there = await click(page, FLOOR_TITLE)
                back = await click(page, "Start")
                (timings.first_ms if n == 0 else timings.repeat_ms).append(there["ms"])
                if n:
                    timings.repeat_ms.append(back["ms"])
            await context.close()
        finally:
            server.close()
    return {"first_ms": [round(x, 1) for x in timings.first_ms], "repeat_ms": [round(x, 1) for x in timings.repeat_ms],
            "repeat_p50_ms": percentile(timings.repeat_ms, 0.5), "repeat_p95_ms": percentile(timings.repeat_ms, 0.95),
            "server_peak_mb": server.peak_mb}


async def _one_server(browser, url: str, account: tuple[str, str], selection: dict, wanted: list[str] | None,
                      repeats: int, timings: dict, cold: bool) -> None:
    context, page = await new_page(browser)
    try:
        await page.goto(url)  # app.py's navigation first: a deep link into a fresh server would run the page alone
        await settle(page)
        await sign_in(page, link(url, LANDING, selection["params"]), *account)
        titles = await nav_titles(page)
        if "Översikt" not in titles:
            raise RuntimeError(f"appens navigering visades inte efter inloggningen: {titles}")
        titles = [t for t in titles if t != "Data" and (not wanted or t in wanted)]
        titles = [t for t in titles if t != PRESENTATION] + [t for t in titles if t == PRESENTATION]
        for n in range(repeats + (1 if cold else 0)):
            for title in titles:
                result = await click(page, title)
                entry = timings.setdefault(title, PageTiming(title, selection["name"]))
                if result.get("error") or result.get("exception"):
                    entry.errors.append(result.get("error") or result["exception"])
                (entry.first_ms if cold and n == 0 else entry.repeat_ms).append(result["ms"])
                if title == PRESENTATION:  # the shared screen hides the sidebar: back to it, not timed
                    await sign_in(page, link(url, LANDING, selection["params"]), *account)
    finally:
        await context.close()


async def run_browser_async(database_url: str, engine, url: str | None = None, account: tuple[str, str] | None = None,
                            repeats: int = 5, pages: list[str] | None = None, cold_runs: int = 1) -> dict:
    accounts = Accounts([account], False) if account else temporary_accounts(engine, 1)
    result = {"mode": "browser", "url": url or "egen server per urval", "database": _safe_url(database_url),
              "account": "angivet" if account else "tillfälligt (skapat och borttaget)",
              "repeats": repeats, "cold_runs": cold_runs if not url else 0, "quiet_ms": QUIET_MS,
              "load_average_before": load_average(), "selections": [], "pages": []}
    peak = 0.0
    try:
        async with chromium() as browser:
            result["floor"] = await _floor(browser, repeats)
            floor_p95 = result["floor"]["repeat_p95_ms"]
            for selection in selections(engine):
                result["selections"].append(selection)
                timings: dict[str, PageTiming] = {}
                if url:
                    await _one_server(browser, url, accounts.names[0], selection, pages, repeats, timings, cold=True)
                else:
                    for run in range(max(1, cold_runs)):
                        server = Server("app.py", database_url)
                        try:
                            await _one_server(browser, server.url, accounts.names[0], selection, pages,
                                              repeats if run == 0 else 0, timings, cold=True)
                        finally:
                            server.close()
                            peak = max(peak, server.peak_mb)
                result["pages"].extend(t.summary(floor_p95) for t in timings.values())
    finally:
        accounts.remove()
    result["server_peak_mb"] = peak if not url else None
    result["load_average_after"] = load_average()
    ratios = [p["ratio_p95"] for p in result["pages"] if p["ratio_p95"] is not None]
    result["worst_p95_ratio"] = max(ratios) if ratios else None
    return result


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", " ")


def report_browser(result: dict) -> list[str]:
    floor = result["floor"]
    lines = [(f"Webbläsarmätning: klick → Streamlit klar ({result['quiet_ms']} ms tyst), {result['repeats']} upprepningar, "
             f"konto: {result['account']}"),
             f"Belastning (load average) före: {result['load_average_before']}, efter: {result['load_average_after']}",
             f"Golv (tom Streamlit-sida, samma klick): p50 {_ms(floor['repeat_p50_ms'])} ms, p95 {_ms(floor['repeat_p95_ms'])} ms",
             "",
             f"{'Sida':<22} {'Urval':<22} {'första p95':>10} {'p50':>7} {'p95':>7} {'× golv':>7}"]
    for p in result["pages"]:
        ratio = "—" if p["ratio_p95"] is None else f"{p['ratio_p95']:.1f}"
        flag = "  FEL: " + p["errors"][0][:80] if p["errors"] else ""
        lines.append(f"{p['page']:<22} {p['selection']:<22} {_ms(p['first_p95_ms']):>10} {_ms(p['repeat_p50_ms']):>7} "
                     f"{_ms(p['repeat_p95_ms']):>7} {ratio:>7}{flag}")
    if result.get("server_peak_mb"):
        lines.append(f"Serverns högsta minne (RSS, processträdet): {result['server_peak_mb']:.0f} MB")
    worst = result["worst_p95_ratio"]
    lines.append(f"Sämsta p95 mot golvet: {'—' if worst is None else f'{worst:.2f}'}")
    return lines


# --- bench --users N ----------------------------------------------------------------------------

USER_PAGES = ("Översikt", "Presentation")
SIGN_IN_BATCH = 4


async def run_users_async(database_url: str, engine, users: int, url: str | None = None) -> dict:
    """`users` browser contexts, each signed in as its own account, open Översikt and then the
    presentation at the same moment; each page opened once per user after a shared start."""
    server = None if url else Server("app.py", database_url)
    try:
        accounts = temporary_accounts(engine, users)
    except Exception:
        if server:
            server.close()
        raise
    target = url or server.url
    result = {"mode": "users", "users": users, "url": url or "egen server", "database": _safe_url(database_url),
              "account": "tillfälliga (skapade och borttagna)", "load_average_before": load_average(), "pages": []}
    errors: list[str] = []
    rounds = ("första", "upprepat")  # first: a fresh server's cold cache; then the same clicks again
    timings = {(title, r): [] for r in rounds for title in USER_PAGES}
    try:
        async with chromium() as browser:
            selection = selections(engine)[1]  # all units × helår: the heaviest Översikt
            context, first = await new_page(browser)  # app.py's navigation first (see _one_server)
            await first.goto(target)
            await settle(first)
            await context.close()
            sessions = await asyncio.gather(*(new_page(browser) for _ in range(users)))

            async def prepare(page, account):
                try:
                    await sign_in(page, link(target, LANDING, selection["params"]), *account)
                    return True
                except Exception as error:  # noqa: BLE001 - counted and reported
                    errors.append(f"inloggning: {error}")
                    return False

            ready = []  # the sign-ins a few at a time (not timed): 20 at once overload 2 cores before the measurement
            pairs = [(page, acc) for (_, page), acc in zip(sessions, accounts.names)]
            for start in range(0, len(pairs), SIGN_IN_BATCH):
                ready += await asyncio.gather(*(prepare(page, acc) for page, acc in pairs[start:start + SIGN_IN_BATCH]))
            pages = [page for (_, page), ok in zip(sessions, ready) if ok]
            signed = [acc for acc, ok in zip(accounts.names, ready) if ok]
            for number, round_ in enumerate(rounds):
                if number:  # the presentation hid the sidebar: every user back to the landing page, not timed
                    for start in range(0, len(pages), SIGN_IN_BATCH):
                        await asyncio.gather(*(prepare(page, acc) for page, acc in
                                               zip(pages[start:start + SIGN_IN_BATCH], signed[start:start + SIGN_IN_BATCH])))
                for title in USER_PAGES:
                    outcomes = await asyncio.gather(*(click(page, title) for page in pages), return_exceptions=True)
                    for outcome in outcomes:
                        if isinstance(outcome, BaseException):
                            errors.append(f"{title}: {outcome}")
                        elif outcome.get("error") or outcome.get("exception"):
                            errors.append(f"{title}: {outcome.get('error') or outcome['exception']}")
                        else:
                            timings[title, round_].append(outcome["ms"])
            for context, _ in sessions:
                await context.close()
    finally:
        if server:
            server.close()
        accounts.remove()
    for (title, round_), values in timings.items():
        result["pages"].append({"page": title, "round": round_, "ms": [round(x, 1) for x in values],
                                "p50_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95)})
    result["server_peak_mb"] = server.peak_mb if server else None
    result["errors"] = errors
    result["load_average_after"] = load_average()
    return result


def report_users(result: dict) -> list[str]:
    how = (f"websocket-klienter, {result['processes']} app-process(er)" if result.get("clients") == "websocket"
           else "var och en i chromium")
    lines = [(f"{result['users']} samtidiga användare (egna konton, alla enheter × helår, {how}), "
             f"load average före {result['load_average_before']}, efter {result['load_average_after']}")]
    for p in result["pages"]:
        lines.append(f"  {p['page']:<14} {p['round']:<9} p50 {_ms(p['p50_ms']):>7} ms   p95 {_ms(p['p95_ms']):>7} ms   ({len(p['ms'])} svar)")
    if result["server_peak_mb"] is not None:
        lines.append(f"  Serverns högsta minne (RSS, processträdet): {result['server_peak_mb']:.0f} MB")
    lines.append(f"  Fel: {len(result['errors'])}" + (f" — {result['errors'][0][:120]}" if result["errors"] else ""))
    return lines


def run_browser(*args, **kwargs) -> dict:
    return asyncio.run(run_browser_async(*args, **kwargs))


def run_users(*args, **kwargs) -> dict:
    return asyncio.run(run_users_async(*args, **kwargs))


def cli(args, socket_users=None) -> int:
    """`cli.py bench --browser` / `--users N ...` (the flags are in cli.py's bench subparser). `socket_users` runs
    `--clients websocket` (ui.bench.socket_users, handed in by cli.py: it speaks Streamlit's protocol)."""
    import getpass
    import json

    from services.core.db import database_url, get_engine, migrate

    needs_browser = args.browser or getattr(args, "clients", "browser") == "browser"
    missing = missing_prerequisite() if needs_browser else None
    if missing:
        print(f"Webbläsarmätningen kan inte köras: {missing}", file=sys.stderr)
        return 1
    account = None
    if args.user:
        password = os.environ.get("ENHETSKOLLEN_PASSWORD")
        if password is None:
            password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("Lösenord: ")
        account = (args.user, password)
    global PORTS
    if getattr(args, "ports", None):
        PORTS = parse_ports(args.ports)
    url = database_url(args.database_url)
    engine = get_engine(url)
    migrate(engine)
    pages = [p.strip() for p in args.pages.split(",")] if args.pages else None
    output: dict = {}
    lines: list[str] = []
    try:
        for count in args.users or []:
            if getattr(args, "clients", "browser") == "websocket":
                result = socket_users(url, engine, count, url=args.url, processes=args.processes)
            else:
                result = run_users(url, engine, count, url=args.url)
            output.setdefault("users", []).append(result)
            lines += report_users(result)
        if args.browser:
            result = run_browser(url, engine, url=args.url, account=account, repeats=args.repeats,
                                 pages=pages, cold_runs=args.cold_runs)
            output["browser"] = result
            lines += report_browser(result)  # its last line: the worst p95 ratio to the floor
    except (RuntimeError, TimeoutError) as error:
        print(f"Fel: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))
    return 0
