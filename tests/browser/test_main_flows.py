"""The main flows in a real browser: Debian's chromium driven by Playwright against `streamlit run app.py`.

Skipped, with the reason, where chromium or Playwright is missing (the README's test
command still runs everything else). Screenshots of every page go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real browser against a real server: 15-50 s a test

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {  # navigation title -> the page's heading
    "Start": "Enhetskollen",
    "Översikt": "Översikt",
    "Mål och indikatorer": "Mål och indikatorer",
    "Inflöde": "Inflöde",
    "Tidsfrister": "Tidsfrister",
    "Placeringar": "Placeringar",
    "Ekonomi": "Ekonomi",
    "Personal": "Personal",
    "Arbetstyngd": "Arbetstyngd",
}

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright för Python saknas")
if not Path(CHROMIUM).exists():
    pytest.skip(f"webbläsartesterna hoppas över: {CHROMIUM} saknas (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(sample_store):
    """A real Streamlit server on the sample store, on a free port."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": sample_store}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("Streamlit startade inte: " + server.stderr.read().decode(errors="replace")[-2000:])
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2400}, locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def settle(page, quiet_ms: int = 2000, timeout_s: float = 180) -> None:
    """Wait until Streamlit has finished: no running indicator or spinner for `quiet_ms` in a row.

    The running indicator appears only after a short delay, so one look is not enough.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    busy = "() => !!document.querySelector('[data-testid=\"stStatusWidget\"], [data-testid=\"stSpinner\"]')"
    quiet_since = time.monotonic()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.evaluate(busy):
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
            page.wait_for_timeout(300)
            return
        page.wait_for_timeout(100)
    raise TimeoutError("sidan blev inte klar")


def goto(page, url: str, user: str = "t_chef") -> None:
    """Open a URL as a person would: a new browser session starts at the sign-in form."""
    from tests.conftest import TEST_PASSWORD

    page.goto(url)
    settle(page)
    if page.get_by_label("Lösenord", exact=True).count():  # exact: a signed-in page may have other password fields
        page.get_by_label("Användarnamn", exact=True).fill(user)
        page.get_by_label("Lösenord", exact=True).fill(TEST_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        settle(page)


def assert_no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def choose(page, label: str, option: str) -> None:
    """Pick an option in one of the sidebar's select boxes, as a user does."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def cli_kpis(url: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "cli.py", "kpi", *args, "--json", "--database-url", url],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["kpis"]


def test_every_page_renders_in_the_browser_with_a_screenshot(app_url, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url)
    settle(page)
    assert page.get_by_text("Exempeldata").first.is_visible()
    page.screenshot(path=str(SHOTS / "inloggning.png"))
    goto(page, app_url)
    for title, heading in PAGES.items():
        page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
        settle(page)
        assert page.get_by_role("heading", name=heading, exact=True).first.is_visible(), title
        assert_no_exception(page)
        slug = title.lower().translate(str.maketrans("åäö ", "aao_"))
        page.screenshot(path=str(SHOTS / f"{slug}.png"))


def test_filters_change_what_the_page_shows_and_match_the_command_line(app_url, page, sample_store):
    goto(page, f"{app_url}/inflode")
    choose(page, "Enhet", "Barn- och ungdomsenheten")
    choose(page, "År", "2025")
    page.locator('[data-testid="stSidebar"]').get_by_text("Helår", exact=True).click()
    settle(page)
    assert_no_exception(page)
    expected = cli_kpis(sample_store, "--year", "2025", "--unit", "BOU")["INFLOW"]["value"]
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Aktualiseringar i perioden")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().replace("\u00a0", " ") == f"{expected:,}".replace(",", " ")
    assert "Barn- och ungdomsenheten · helår 2025" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()


def test_warning_lists_download_as_an_excel_workbook(app_url, page, tmp_path, sample_store):
    from openpyxl import load_workbook

    goto(page, f"{app_url}/tidsfrister")
    button = page.get_by_role("button", name="Ladda ner listorna som Excel")
    button.wait_for(timeout=180_000)  # the lists come last on the page; on a loaded PostgreSQL they take a while
    with page.expect_download() as download:
        button.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    settle(page)  # the download's audit event is written by the button's callback, in the rerun after the click
    workbook = load_workbook(target)
    assert workbook.sheetnames == [
        "Öppna aktualiseringar ≥ 10 daga", "Utredningar nära eller över 4 m", "Förlängda utredningar",
        "Ej verkställda beslut > 3 mån (",
    ]
    header = [c.value for c in workbook["Öppna aktualiseringar ≥ 10 daga"][1]]
    assert header[:3] == ["Aktualisering", "Person", "Arbetsgrupp"]
    # The download and the view of the lists are in the audit log.
    from services.access import audit
    from services.core.db import get_engine, session_scope

    with session_scope(get_engine(sample_store)) as session:
        log = audit.recent(session, username="t_chef")
    assert download.value.suggested_filename in set(log[log["action"] == "Export"]["target"])
    assert "tidiga varningar" in set(log[log["action"] == "Visning av lista med id"]["target"])


def test_presentation_mode_switches_on_and_off_and_steps_through_the_slides(app_url, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    goto(page, f"{app_url}/oversikt?enhet=BOU")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Presentationsläge").click()
    settle(page)
    assert page.url.split("?")[0].endswith("/presentation")
    first = page.get_by_role("heading", level=1).first.inner_text()
    assert "aktualiseringar" in first and "Barn- och ungdomsenheten" in page.get_by_text("1 / ").first.inner_text()
    assert "Inloggad" not in sidebar.inner_text()  # no names on the shared screen, not even the presenter's
    page.screenshot(path=str(SHOTS / "presentation.png"))
    page.get_by_role("button", name="Nästa →").click()
    settle(page)
    assert page.get_by_role("heading", level=1).first.inner_text() != first
    assert page.get_by_text("2 / ").first.is_visible()
    page.get_by_text("Ledningsgrupp", exact=True).click()
    settle(page)
    assert_no_exception(page)
    page.screenshot(path=str(SHOTS / "presentation_ledningsgrupp.png"))
    page.get_by_role("button", name="Avsluta").click()  # the sidebar is hidden on the shared screen
    settle(page)
    assert page.get_by_role("heading", name="Översikt", exact=True).first.is_visible()


def test_admin_manages_accounts_and_reads_the_audit_log(app_url, page):
    goto(page, f"{app_url}/anvandare", user="t_admin")
    assert page.get_by_role("heading", name="Användare och logg", exact=True).first.is_visible()
    assert_no_exception(page)
    page.screenshot(path=str(SHOTS / "anvandare.png"))
    goto(page, f"{app_url}/data", user="t_admin")
    assert page.get_by_role("heading", name="Datakvalitet", exact=True).first.is_visible()
    assert_no_exception(page)
    page.screenshot(path=str(SHOTS / "data.png"))
    goto(page, f"{app_url}/anvandare", user="t_admin")
    page.get_by_role("tab", name="Logg").click()
    settle(page)
    assert page.get_by_text("Visning av lista med id").count() or page.get_by_text("Inloggning").count()


def test_keyboard_alone_reaches_the_navigation_the_filters_and_the_downloads(app_url, page):
    goto(page, f"{app_url}/tidsfrister")
    wanted = ("Översikt", "Inflöde", "Presentationsläge", "Logga ut", "Ladda ner listorna som Excel")
    for text in wanted:  # on a loaded CI machine the last widgets can arrive after the page looks quiet
        page.get_by_text(text).first.wait_for(state="attached", timeout=60_000)
    settle(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    reached, order = set(), []
    describe = """() => { const e = document.activeElement; if (!e) return '';
        const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) || e.innerText || '';
        return (e.tagName + ':' + label).slice(0, 80); }"""
    for _ in range(250):
        page.keyboard.press("Tab")
        now = page.evaluate(describe).strip()
        reached.add(now)
        order.append(now[:40])
    text = "\n".join(reached)
    for label in wanted:
        assert label in text, f"{label} nås inte med tangentbordet, ordningen var: {order[:60]}"
    assert any(r.startswith("INPUT:") and "Enhet" in r for r in reached) or "Enhet" in text


@pytest.mark.skipif(not AXE.exists(), reason="axe-core saknas: kör npm install i tests/browser")
def test_accessibility_scan_finds_no_serious_or_critical_violation(app_url, page):
    found = {}
    page.goto(app_url)  # the sign-in form first
    settle(page)
    for path in ("login", "", "oversikt", "mal", "inflode", "tidsfrister", "placeringar", "ekonomi", "personal", "arbetstyngd",
                 "presentation", "anvandare", "data"):
        if path != "login":
            goto(page, f"{app_url}/{path}", user="t_admin" if path in ("anvandare", "data") else "t_chef")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[path or "start"] = serious
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)

