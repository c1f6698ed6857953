"""Every page of the navigation at 1440×900 and 1920×1080, on a fresh sample store: docs/screenshots/<page>-<width>.png.

    .venv/bin/python scripts/screenshots_all.py [OUT_DIR] [--port 8611] [--sizes 1440x900,1920x1080]

Loads the sample municipality into a new SQLite file, creates an enhetschef for the sample units
(as the sample's `chef`) and an administrator with a throwaway password, starts `streamlit run app.py`
on the port, and photographs each page of app.py's PAGE_LIST (Data and Användare as the administrator)
plus an unknown address (notfound-<width>.png). The page list comes from app.py itself
(tests/browser/tour.py), so a new page is photographed without touching this script.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import tour  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ADMIN_PAGES = {"data", "anvandare"}


def sample_store(folder: Path, password: str) -> str:
    from sample_data.load import load_sample
    from services.access import auth
    from services.core.db import get_engine, migrate, session_scope

    url = f"sqlite:///{folder / 'sample.db'}"
    engine = get_engine(url)
    migrate(engine)
    result = load_sample(engine, folder / "files", seed=42, username="system")  # as the app's first start
    assert result.ok, result.errors[:5]
    with session_scope(engine) as session:
        auth.create_user(session, "bild_chef", "enhetschef", ["BOU", "FAM"], password, display_name="Bild Chef")
        auth.create_user(session, "bild_admin", "admin", [], password, display_name="Bild Admin")
    engine.dispose()
    return url


def start_server(url: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("Streamlit startade inte")


def signed_in(page, user: str, password: str) -> None:
    """Sign in and wait for the page behind the form: on a busy machine one quiet moment is not the end."""
    tour.sign_in(page, user, password)
    page.get_by_role("button", name="Logga in", exact=True).wait_for(state="detached", timeout=180_000)
    tour.wait_until_idle(page, quiet_ms=3000)
    page.wait_for_timeout(800)  # Plotly's last layout pass after the run


def photograph(base: str, out: Path, password: str, sizes: list[tuple[int, int]]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    done = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width, height in sizes:
            for file, _title, roles in tour.page_list():
                name = tour.slug(file)
                user = "bild_admin" if name in ADMIN_PAGES else "bild_chef"
                context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
                page = context.new_page()
                page.goto(f"{base}/{name}")
                tour.wait_until_idle(page)
                signed_in(page, user, password)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                done.append(target)
                print(target, flush=True)
                context.close()
            context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
            page = context.new_page()
            page.goto(f"{base}/finns-inte")
            tour.wait_until_idle(page)
            signed_in(page, "bild_chef", password)
            page.get_by_text("Sidan finns inte").first.wait_for(timeout=30_000)
            target = out / f"notfound-{width}.png"
            page.screenshot(path=str(target))
            done.append(target)
            print(target, flush=True)
            context.close()
        browser.close()
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--port", type=int, default=8611)
    parser.add_argument("--sizes", default="1440x900,1920x1080")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory() as folder:
        url = sample_store(Path(folder), password)
        server = start_server(url, args.port)
        try:
            photograph(f"http://127.0.0.1:{args.port}", out, password, sizes)
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
