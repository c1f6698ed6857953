"""Several app processes on one PostgreSQL: what one imports, the other shows on its next rerun.

Two `streamlit run app.py` servers on different ports, DATABASE_URL to the same schema. The
pages' cache key holds the store's data version (the id of the latest accepted import, read
from the database on every run: ui/shell/data.py), so an import made elsewhere must reach a
process that has already cached the old figures. Only on PostgreSQL (TEST_DATABASE_URL set):
SQLite is one file on one machine and not a deployment with several processes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KPI_FIXTURE, TEST_PASSWORD, on_postgres, store_url

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not on_postgres(), reason="flera appprocesser mot en databas: bara med TEST_DATABASE_URL (PostgreSQL)")]

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright för Python saknas")
if not Path("/usr/bin/chromium").exists():
    pytest.skip("webbläsartesterna hoppas över: /usr/bin/chromium saknas", allow_module_level=True)

from services.ops.browser_bench import CHROMIUM, CHROMIUM_ARGS, Server
from tests.browser.test_main_flows import settle

ROOT = Path(__file__).resolve().parents[2]
METRIC = "Aktualiseringar i perioden"
NEW_INTAKE = "A13;P13;MOT;2024-03-05 09:00;anmalan;skola;vald;pojke;2012;;;;;\n"


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    """The hand-built KPI fixture in a schema of its own (the import below changes it), with an admin."""
    from services.access import auth
    from services.core.db import get_engine, migrate, session_scope
    from services.importer import import_path

    url = store_url("t_two_processes", tmp_path_factory.mktemp("two"))
    engine = get_engine(url)
    migrate(engine)
    assert import_path(engine, KPI_FIXTURE).ok
    with session_scope(engine) as session:
        auth.create_user(session, "t_two_a", "admin", [], TEST_PASSWORD)
        auth.create_user(session, "t_two_b", "admin", [], TEST_PASSWORD)
    return url


@pytest.fixture(scope="module")
def two_servers(shared_store):
    first, second = Server("app.py", shared_store), Server("app.py", shared_store)
    yield first.url, second.url
    first.close()
    second.close()


def _open(browser, url: str, user: str):
    page = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="sv-SE").new_page()
    page.goto(f"{url}/inflode?ar=2024&period=helår")
    settle(page, quiet_ms=500)
    page.get_by_label("Användarnamn").fill(user)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("heading", name="Inflöde", exact=True).first.wait_for(timeout=120_000)  # signed in
    settle(page, quiet_ms=500)
    return page


def _figure(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=METRIC)
    return metric.locator('[data-testid="stMetricValue"]').first.inner_text().strip()


def _rerun(page) -> None:
    """The next rerun: Streamlit's own shortcut R (Rerun in the app menu), nothing else changed."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("r")
    page.wait_for_timeout(300)
    settle(page, quiet_ms=500)


def test_an_import_is_seen_by_the_other_process_on_its_next_rerun(two_servers, shared_store, tmp_path):
    url_a, url_b = two_servers
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page_a, page_b = _open(browser, url_a, "t_two_a"), _open(browser, url_b, "t_two_b")
            before = _figure(page_b)
            assert before == _figure(page_a) == "8"  # A1–A8 were received in 2024; both processes have it cached
            changed = tmp_path / "intakes.csv"  # the same extract with one more intake in March 2024
            shutil.copy(KPI_FIXTURE / "intakes.csv", changed)
            with changed.open("a", encoding="utf-8") as f:
                f.write(NEW_INTAKE)
            done = subprocess.run([sys.executable, "cli.py", "import", str(changed), "--database-url", shared_store],
                                  check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            _rerun(page_b)
            assert _figure(page_b) == "9"
            _rerun(page_a)
            assert _figure(page_a) == "9"
        finally:
            browser.close()


def test_a_sign_in_in_one_process_holds_in_the_other(two_servers):
    """Behind a load balancer her next request may reach the other process: the session is in the database,
    and the cookie (cookies do not depend on the port) is sent to both."""
    url_a, url_b = two_servers
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = _open(browser, url_a, "t_two_a")
            assert page.get_by_label("Lösenord", exact=True).count() == 0
            other = page.context.new_page()
            other.goto(f"{url_b}/inflode?ar=2024&period=helår")
            other.get_by_role("heading", name="Inflöde", exact=True).first.wait_for(timeout=120_000)
            settle(other, quiet_ms=500)
            assert other.get_by_label("Lösenord", exact=True).count() == 0  # signed in without the form
            assert _figure(other) == _figure(page)
            other.get_by_role("button", name="Logga ut", exact=True).click()  # signing out in B ends it in A
            settle(other, quiet_ms=500)
            page.reload()
            page.get_by_label("Lösenord", exact=True).wait_for(timeout=60_000)  # the sign-in form again
        finally:
            browser.close()
