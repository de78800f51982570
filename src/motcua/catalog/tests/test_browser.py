"""The catalog in a real Chromium, as a citizen uses it: search as you type from the portal, open a
procedure, browse a life event, print."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIRTH_NAME = "Thủ tục đăng ký khai sinh"


def test_citizen_finds_birth_registration_by_typing_without_diacritics(page, live_server, demo_data):
    page.goto(f"{live_server.url}/portal/")
    page.evaluate("window.__samePage = true")
    box = page.locator("#catalog-q")
    box.click()
    box.press_sequentially("khai sinh", delay=40)
    results = page.locator("#portal-results")
    link = results.get_by_role("link", name=BIRTH_NAME, exact=True)
    link.wait_for()
    assert page.evaluate("window.__samePage") is True  # the results came without a page load
    assert page.url == f"{live_server.url}/portal/"
    assert re.search(r"\d", page.locator("#catalog-status").inner_text())  # announced to screen readers

    link.click()
    page.wait_for_url("**/procedures/1.001193.000.00.00.H53/")
    assert page.get_by_role("heading", level=1).inner_text() == BIRTH_NAME
    components = page.locator("table.components tbody tr")
    assert components.count() == 7
    assert "Giấy chứng sinh" in components.nth(1).inner_text()
    fees = page.locator("table.fees")
    assert "Lệ phí đăng ký khai sinh" in fees.inner_text() and "0 đồng" in fees.inner_text()
    assert page.locator("#unconfirmed-note").is_visible()


def test_citizen_browses_a_life_event(page, live_server, demo_data):
    page.goto(f"{live_server.url}/procedures/")
    page.get_by_role("link", name="Có con nhỏ", exact=True).click()
    page.wait_for_url("**/procedures/life-events/co-con-nho/")
    assert page.get_by_role("heading", level=1).inner_text() == "Có con nhỏ"
    items = page.locator("ol.life-event-procedures > li")
    assert items.count() == 8
    assert "Liên thông điện tử" in items.first.inner_text()
    items.get_by_role("link", name=BIRTH_NAME, exact=True).click()
    page.wait_for_url("**/procedures/1.001193.000.00.00.H53/")


def test_search_page_filters_and_prints_cleanly(page, live_server, demo_data):
    page.set_viewport_size({"width": 390, "height": 800})  # a phone
    page.goto(f"{live_server.url}/procedures/")
    page.locator("#catalog-q").fill("ket hon")
    page.locator("#catalog-results").get_by_role("link", name="Thủ tục đăng ký kết hôn", exact=True).wait_for()
    page.wait_for_url("**/procedures/?q=ket+hon")  # the address follows the words: Back and Reload keep them
    page.get_by_role("link", name="Hộ tịch", exact=True).click()
    page.wait_for_url("**/procedures/?field=HOTICH")
    assert page.locator("#catalog-results li").count() >= 10
    page.goto(f"{live_server.url}/procedures/2.001035.000.00.00.H53/")
    assert "50.000 đồng" in page.locator("table.fees").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.locator("nav.breadcrumbs").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
