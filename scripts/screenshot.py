"""Screenshot pages of a running Enhetskollen in Debian's headless chromium.

    python scripts/screenshot.py http://localhost:8501 OUT_DIR [page-path ...]

Waits until Streamlit has finished running the script before each picture.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def wait_until_idle(page, timeout_ms: int = 60000) -> None:
    """Streamlit shows a 'running' status widget while the script runs."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_timeout(800)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSpinner\"]')",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(1500)


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
            name = (path or "start").split("?")[0].replace("/", "_")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
