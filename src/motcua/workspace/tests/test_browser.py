"""The foundation in a real Chromium: log in (with two-factor), switch language, stay inside one's units."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.organizations.demo import DEMO_PASSWORD
from motcua.organizations.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_commune_officer_logs_in_with_two_factor_and_stays_in_their_commune(page, live_server, demo_data, settings):
    settings.MOTCUA_OFFICER_2FA_REQUIRED = True
    log_in(page, live_server, "motcua.tanninh")
    page.wait_for_url("**/accounts/two-factor/**")
    assert page.locator("img.qr").is_visible()
    device = TOTPDevice.objects.get(user__username="motcua.tanninh", confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Mã xác thực").fill(code)
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/workspace/")
    assert page.get_by_role("heading", name="Không gian làm việc của cán bộ").is_visible()

    page.get_by_role("link", name="Cơ quan", exact=True).click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Ủy ban nhân dân phường Tân Ninh" in rows.first.inner_text()

    other = Agency.objects.get(name="Ủy ban nhân dân phường Long An")
    response = page.goto(f"{live_server.url}/workspace/agencies/{other.pk}/")
    assert response.status == 404


def test_pages_render_in_vietnamese_and_english(page, live_server, demo_data):
    page.goto(f"{live_server.url}/portal/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Cổng dịch vụ công").is_visible()
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Public services portal").is_visible()


def test_deadline_calculator_answers_in_place_and_the_year_view_shows_tet(page, live_server, demo_data):
    log_in(page, live_server, "canbo.motcua")
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.get_by_role("link", name="Tính hạn xử lý").click()
    page.get_by_label("Thời điểm tiếp nhận").fill("2025-01-24T09:00")
    page.locator("#id_due-duration").fill("5wd")
    page.get_by_role("button", name="Tính", exact=True).click()
    result = page.locator("#deadline-result")
    result.get_by_text("2025-02-07T09:00:00+07:00").wait_for()
    assert "Nghỉ Tết Nguyên đán" in result.inner_text()
    assert page.url.endswith("/workspace/deadline/")  # answered by HTMX, no page load

    page.locator("#id_due-duration").fill("năm ngày")
    page.get_by_role("button", name="Tính", exact=True).click()
    page.get_by_text("Thời hạn không hợp lệ").first.wait_for()

    page.get_by_role("link", name="Lịch làm việc").click()
    page.get_by_label("Năm").fill("2026")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**year=2026**")
    assert page.locator("td.day-off[title*='Tết']").count() >= 5
