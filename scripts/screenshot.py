"""Screenshot pages of a running Enhetskollen in Debian's headless chromium.

    ENHETSKOLLEN_USER=chef ENHETSKOLLEN_PASSWORD=… python scripts/screenshot.py http://localhost:8501 OUT_DIR [page-path ...]

Signs in with the account from the environment whenever the sign-in form shows (every
new browser session starts there), and waits until Streamlit has finished running the
script before each picture.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def wait_until_idle(page, quiet_ms: int = 2000, timeout_s: float = 180) -> None:
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


def sign_in(page) -> None:
    """Fill the sign-in form if it is showing and an account is given in the environment."""
    user, password = os.environ.get("ENHETSKOLLEN_USER"), os.environ.get("ENHETSKOLLEN_PASSWORD")
    if user and password and page.get_by_label("Lösenord").count():
        page.get_by_label("Användarnamn").fill(user)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        wait_until_idle(page)


def main(base: str, out_dir: str, paths: list[str], width: int = 1440, height: int = 2600) -> None:
    """Streamlit scrolls inside the page, so a tall viewport is what captures the whole page."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="sv-SE")
        for path in paths or [""]:
            page.goto(f"{base.rstrip('/')}/{path}")
            wait_until_idle(page)
            sign_in(page)
            name = (path or "start").split("?")[0].replace("/", "_")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
