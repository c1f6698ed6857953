"""Walking through every page of the navigation and reading what a person sees (not a test module).

Used by tests/browser/test_swedish_only.py and by scripts/screenshot.py: the page list is app.py's
PAGE_LIST, so a new page is toured and photographed without touching either.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Streamlit's, Plotly's and the browser's own English; matched as whole words, case-sensitive
# ("Zoom" is a hit, "zoomad" is not; "None" is a hit, "Inget" is not).
ENGLISH = (
    "Press Enter", "Page not found", "Running the app", "Download as CSV", "Download plot", "Autoscale", "Zoom",
    "Reset axes", "Print", "Record screen", "Clear caches", "Clear cache", "Deploy", "Rerun", "Settings", "About",
    "None", "NaN", "NaT", "null", "undefined", "Choose an option", "Choose options", "No results", "Select all",
    "Browse files", "Drag and drop", "Limit 50MB", "Show password", "Hide password", "Search", "Fullscreen",
    "View fullscreen", "Close", "Loading", "Main menu", "Stop", "Running", "Made with Streamlit", "Collapse sidebar",
    "Expand sidebar", "Copy to clipboard", "Open in new tab", "Show more", "Show less", "Clear all", "Remove",
    "Delete", "Upload", "Uploading", "Download", "Error", "Traceback", "Exception", "Connecting", "Please wait",
    "per file", "file upload", "View less", "more",  # "View 3 more" under a collapsed page list
)


def slug(page_file: str) -> str:
    return Path(page_file).stem


def page_list() -> list[tuple[str, str, frozenset]]:
    """(file, title, roles) of every page in app.py's navigation, read from app.py's own list."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGE_LIST":
            from services.access import roles

            return [(item.elts[0].value, item.elts[1].value, getattr(roles, item.elts[3].id))
                    for item in node.value.elts]
    raise LookupError("PAGE_LIST saknas i app.py")


def kpi_codes() -> list[str]:
    from services.kpis import catalogue

    return list(catalogue.codes())


def wait_until_idle(page, quiet_ms: int = 2000, timeout_s: float = 180) -> None:
    """Wait until Streamlit has finished: no running indicator or spinner for `quiet_ms` in a row."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    busy = ("() => !!document.querySelector('[data-testid=\"stStatusWidget\"], [data-testid=\"stSpinner\"], "
            "[data-testid=\"stSkeleton\"]')")
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


def sign_in(page, user: str, password: str) -> None:
    if page.get_by_label("Lösenord").count():
        page.get_by_label("Användarnamn").fill(user)
        page.get_by_label("Lösenord").fill(password)
        page.get_by_role("button", name="Logga in").click()
        wait_until_idle(page)


# The text a person can see or hear: visible text nodes (material icon ligatures such as
# "keyboard_double_arrow_left" are pictures, not words) and the aria-label, title and placeholder
# of visible elements, which a screen reader reads and a mouse shows.
_VISIBLE_TEXT = """() => {
  const out = [];
  const seen = (el) => el && el.checkVisibility && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent.trim()) continue;
    if (parent.closest('[data-testid="stIconMaterial"], script, style, noscript')) continue;
    if (!seen(parent)) continue;
    out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (!seen(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push(value.trim());
    }
  }
  return out;
}"""


def visible_texts(page) -> list[str]:
    return page.evaluate(_VISIBLE_TEXT)


def english_hits(texts: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    """The known English UI strings (and internal codes) found as whole words in the texts."""
    hits = []
    for word in (*ENGLISH, *extra):
        pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
        for text in texts:
            if pattern.search(text):
                hits.append(f"{word!r} i {text[:80]!r}")
                break
    return hits


def open_main_menu(page) -> bool:
    """Open Streamlit's ⋮ menu if it is there (its items are English); True if it opened."""
    button = page.locator('[data-testid="stMainMenu"] button, [data-testid="stMainMenuButton"]')
    if not button.count() or not button.first.is_visible():
        return False
    button.first.click()
    page.wait_for_timeout(500)
    return True


# Axis labels Plotly drew but then hid because they ran past the chart's edge (the last month, once).
_HIDDEN_TICKS = """() => {
  const out = [];
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.checkVisibility()) continue;
    for (const text of chart.querySelectorAll('.xtick text, .ytick text')) {
      if (!text.checkVisibility() || text.getBoundingClientRect().width === 0) out.push(text.textContent);
    }
  }
  return out;
}"""


def hidden_axis_labels(page) -> list[str]:
    return page.evaluate(_HIDDEN_TICKS)
