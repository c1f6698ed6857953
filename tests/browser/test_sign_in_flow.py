"""A working day in a real browser: sign in and land on the month, reload without signing in again,
share the view by its address, and a link to a unit she may not see gets a notice."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.browser.test_main_flows import (  # noqa: F401
    app_url,
    assert_no_exception,
    browser,
    choose,
    goto,
    settle,
)
from tests.conftest import TEST_PASSWORD
from tests.helpers import summary_sentence

pytestmark = pytest.mark.slow


def _context(browser):  # noqa: F811
    return browser.new_context(viewport={"width": 1440, "height": 1600}, locale="sv-SE")


def _params(page) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


def _sentence(page) -> str:
    return page.get_by_role("heading", level=3).filter(has_text="nyckeltal uppfyllda").first.inner_text().strip()


def _unit(page) -> str:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Enhet").first
    return box.locator("input").input_value()


def test_she_lands_on_the_month_and_a_reload_keeps_her_signed_in_on_the_same_view(app_url, browser, sample_store):  # noqa: F811
    context = _context(browser)
    try:
        page = context.new_page()
        goto(page, app_url, "t_chef")
        assert page.get_by_role("heading", name="Översikt", exact=True).first.is_visible()
        assert _sentence(page) == summary_sentence(sample_store, "t_chef", _params(page))
        assert [c["name"] for c in context.cookies() if c["name"] == "enhetskollen_session"] == ["enhetskollen_session"]
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Tidsfrister", exact=True).click()
        settle(page)
        choose(page, "Enhet", "Barn- och ungdomsenheten")
        choose(page, "År", "2025")
        address = page.url
        assert urllib.parse.urlparse(address).path == "/tidsfrister"
        assert _params(page) == {"enhet": "BOU", "ar": "2025", "period": "månad", "manad": "12"}

        page.reload()
        settle(page)
        assert page.get_by_label("Lösenord", exact=True).count() == 0  # still signed in
        assert page.url == address
        assert page.get_by_role("heading", name="Tidsfrister", exact=True).first.is_visible()
        assert _unit(page) == "Barn- och ungdomsenheten"
        assert "Barn- och ungdomsenheten · december 2025" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()

        tab = context.new_page()  # a new tab of the same browser
        tab.goto(address)
        settle(tab)
        assert tab.get_by_label("Lösenord", exact=True).count() == 0
        assert tab.get_by_role("heading", name="Tidsfrister", exact=True).first.is_visible()
        assert_no_exception(tab)

        page.get_by_role("button", name="Logga ut", exact=True).click()  # signing out ends the session for every tab
        settle(page)
        tab.reload()
        tab.get_by_label("Lösenord", exact=True).wait_for(timeout=60_000)  # the sign-in form again
    finally:
        context.close()


def test_a_copied_address_opens_the_same_view_in_a_fresh_browser_after_sign_in(app_url, browser, sample_store):  # noqa: F811
    address = f"{app_url}/?enhet=FAM&ar=2026&period=T1"
    context = _context(browser)
    try:
        page = context.new_page()
        goto(page, address, "t_chef")  # a fresh browser: the sign-in first, then the view the link names
        assert urllib.parse.urlparse(page.url).path == "/oversikt"  # the bare address opens her landing page
        assert _params(page) == {"enhet": "FAM", "ar": "2026", "period": "T1"}
        assert _unit(page) == "Familjeenheten"
        assert _sentence(page) == summary_sentence(sample_store, "t_chef", _params(page))
        assert "Familjeenheten · T1 2026" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    finally:
        context.close()


def test_a_link_to_another_units_view_gives_a_chef_of_one_unit_a_notice(app_url, browser):  # noqa: F811
    context = _context(browser)
    try:
        page = context.new_page()
        goto(page, f"{app_url}/inflode?enhet=BOU&ar=2026&period=T2", "t_chef_fam")
        notice = page.locator('[data-testid="stAlert"]').filter(has_text="Länken gäller enheten")
        assert notice.first.locator('[data-testid="stMarkdownContainer"]').inner_text().strip() == (
            "Länken gäller enheten ”BOU”, som inte finns eller som du inte har behörighet till. "
            "Här visas i stället det du får se.")
        assert _unit(page) == "Alla enheter"  # all she may see: Familjeenheten
        assert "Barn- och ungdomsenheten" not in page.locator("main").inner_text()
        assert_no_exception(page)
    finally:
        context.close()


def test_her_own_account_page_changes_the_password_and_other_browsers_sign_in_again(app_url, browser, sample_store):  # noqa: F811
    from services.access import auth
    from services.core.db import get_engine, session_scope

    with session_scope(get_engine(sample_store)) as session:
        auth.create_user(session, "t_konto", "enhetschef", ["BOU"], TEST_PASSWORD, display_name="Karin Konto")
    desk, laptop = _context(browser), _context(browser)
    try:
        other = laptop.new_page()
        goto(other, app_url, "t_konto")
        page = desk.new_page()
        goto(page, f"{app_url}/konto", "t_konto")
        assert page.get_by_role("heading", name="Mitt konto", exact=True).first.is_visible()
        assert "Du är inloggad i 2 webbläsare just nu." in page.locator("main").inner_text()
        new_password = "ett-nytt-eget-lösenord"
        page.get_by_label("Nuvarande lösenord").fill(TEST_PASSWORD)
        page.get_by_label("Nytt lösenord (minst 12 tecken)").fill(new_password)
        page.get_by_label("Nytt lösenord igen").fill(new_password)
        page.get_by_role("button", name="Byt lösenord").click()
        settle(page)
        assert page.get_by_text("Lösenordet är bytt.").first.is_visible()
        page.reload()  # this browser has the new session
        page.get_by_role("heading", name="Mitt konto", exact=True).first.wait_for(timeout=60_000)
        assert page.get_by_label("Lösenord", exact=True).count() == 0
        other.reload()  # the other one signs in again
        other.get_by_label("Lösenord", exact=True).wait_for(timeout=60_000)  # the sign-in form again
    finally:
        desk.close()
        laptop.close()
