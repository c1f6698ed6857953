"""Presentation mode on a shared screen, in a real browser: no sidebar, no folded tables, no chart
toolbar, the keyboard steps through the slides, and the ledningsgrupp chart names each unit once."""

from __future__ import annotations

import pytest

from tests.browser.test_main_flows import (  # noqa: F401
    SHOTS,
    app_url,
    assert_no_exception,
    browser,
    goto,
    settle,
)


@pytest.fixture
def screen(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def visible(page, selector: str) -> int:
    return sum(1 for i in range(page.locator(selector).count()) if page.locator(selector).nth(i).is_visible())


def test_presentation_mode_is_calm_and_the_keyboard_steps_through_the_slides(app_url, screen):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    goto(screen, f"{app_url}/presentation?enhet=BOU")
    assert_no_exception(screen)
    assert visible(screen, '[data-testid="stSidebar"]') == 0
    assert visible(screen, '[data-testid="stExpander"]') == 0
    assert visible(screen, ".modebar-container") == 0
    assert visible(screen, '[data-testid="stPlotlyChart"]') == 1
    assert not screen.get_by_text("Exempeldata").first.is_visible() if screen.get_by_text("Exempeldata").count() else True
    first = screen.get_by_role("heading", level=1).first.inner_text()
    assert screen.get_by_text("1 / ").first.is_visible()
    screen.keyboard.press("ArrowRight")
    settle(screen)
    assert screen.get_by_text("2 / ").first.is_visible()
    assert screen.get_by_role("heading", level=1).first.inner_text() != first
    screen.keyboard.press("PageDown")  # as a clicker sends it
    settle(screen)
    assert screen.get_by_text("3 / ").first.is_visible()
    screen.keyboard.press("ArrowLeft")
    settle(screen)
    assert screen.get_by_text("2 / ").first.is_visible()
    screen.screenshot(path=str(SHOTS / "meeting-slide2.png"))


def test_the_ledningsgrupp_chart_has_each_unit_once(app_url, screen):  # noqa: F811
    goto(screen, f"{app_url}/presentation", user="t_admin")
    screen.get_by_text("Ledningsgrupp", exact=True).click()
    settle(screen)
    assert_no_exception(screen)
    ticks = screen.locator('[data-testid="stPlotlyChart"] .yaxislayer-above .ytick text').all_text_contents()
    assert len(ticks) >= 2 and len(ticks) == len(set(ticks)), ticks
    assert set(ticks) == {"Barn- och ungdomsenheten", "Familjeenheten"}  # the sample's two units, once each
    assert visible(screen, ".modebar-container") == 0
    assert screen.locator('[data-testid="stPlotlyChart"] .annotation-text').filter(has_text="Mål").count() >= 1
