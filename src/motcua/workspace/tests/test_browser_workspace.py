"""The officer workspace in a real Chromium: the whole journey of a dossier (counter intake with the
keyboard → appraisal → supplementation → review and sign-off → return of the result), and axe-core on
every workspace page, at 1280×720 and on a tablet."""

import os

import pytest

from motcua.dossiers import states
from motcua.dossiers.models import Dossier
from motcua.organizations.demo import DEMO_PASSWORD

from .conftest import justice_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "test-artifacts", "screenshots")


def shot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"workspace-{name}.png"), full_page=True)


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/workspace/")


def open_dossier(page, live_server, code):
    page.goto(f"{live_server.url}/workspace/dossiers/{code}/")


def act(page, summary, fields=None, button=None):
    """Opens an action on the dossier page, fills it and submits it."""
    details = page.locator("details.action", has=page.locator("summary", has_text=summary))
    details.locator("summary").click()
    for label, value in (fields or {}).items():
        details.get_by_label(label).fill(value)
    details.get_by_role("button", name=button or summary).click()
    page.wait_for_load_state()


def counter_intake(page, live_server, version, justice, tmp_path):
    """A walk-in at the counter, by keyboard: procedure, applicant, checklist with a scan, receive."""
    page.get_by_role("link", name="Tiếp nhận tại quầy").click()
    page.keyboard.press("Alt+1")
    page.keyboard.type(version.procedure.localised_code)
    page.locator("#hits a").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/workspace/intake/*/")
    page.get_by_label("Cơ quan có thẩm quyền giải quyết").select_option(label=justice.name)
    page.keyboard.press("Alt+2")
    page.keyboard.type("072090001234")
    page.get_by_label("Họ tên người nộp").fill("Nguyễn Văn An")
    page.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_label("Địa chỉ").fill("Phường Tân Ninh, Tỉnh Tây Ninh")
    scan = tmp_path / "don-de-nghi.pdf"
    scan.write_bytes(PDF)
    page.locator("input[type=file]").first.set_input_files(str(scan))
    boxes = page.locator("table.checklist input[type=checkbox]")
    page.keyboard.press("Alt+3")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    if page.locator("#id_fee_collected").count():
        page.keyboard.press("Alt+4")
        page.keyboard.press("Space")
    shot(page, "1-intake-form")
    page.keyboard.press("Alt+r")
    page.wait_for_url("**/workspace/intake/done/**")
    assert page.get_by_role("link", name="In giấy tiếp nhận (Mẫu 01)").is_visible()
    assert page.locator("iframe#form-frame").get_attribute("src").endswith("/mau-01.pdf")
    shot(page, "2-intake-done")
    return Dossier.objects.get(applicant_id_number="072090001234")


def test_journey_counter_to_returned_result(page, live_server, demo_data, tmp_path, axe):
    version, justice = justice_version()
    log_in(page, live_server, "canbo.motcua")
    dossier = counter_intake(page, live_server, version, justice, tmp_path)
    assert dossier.status == states.Status.RECEIVED and dossier.components.exclude(file="").count() == 1
    receipt = page.request.get(f"{live_server.url}/forms/dossiers/{dossier.code}/mau-01.pdf")
    assert receipt.ok and receipt.body().startswith(b"%PDF")

    # The specialist finds it in "To process" with its time left, and asks for a supplement.
    log_in(page, live_server, "chuyenvien")
    page.get_by_role("link", name="Hồ sơ cần xử lý").click()
    page.get_by_role("link", name="Cần xử lý").first.click()
    row = page.locator("tr", has_text=dossier.code)
    assert "Còn" in row.locator(".time-left").inner_text()
    row.get_by_role("link", name=dossier.code).click()
    assert page.locator("figure.diagram svg").is_visible()
    page.get_by_text("Xem:").first.click()
    assert page.locator("iframe.preview").first.is_visible()
    shot(page, "3-dossier-specialist")
    assert axe(page) == []
    act(page, "Yêu cầu bổ sung", {"Giấy tờ cần bổ sung": "Bản sao giấy chứng nhận quyền sử dụng đất",
                                    "Lý do": "Thiếu giấy tờ chứng minh"})
    page.get_by_text("Đã thực hiện").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == states.Status.SUPPLEMENTATION

    # The counter receives the supplement; the clock resumes.
    log_in(page, live_server, "canbo.motcua")
    page.goto(f"{live_server.url}/workspace/inbox/?tab=waiting")
    page.locator("tr", has_text=dossier.code).get_by_role("link", name=dossier.code).click()
    act(page, "Nhận bổ sung", button="Nhận bổ sung")
    dossier.refresh_from_db()
    assert dossier.status != states.Status.SUPPLEMENTATION

    # Appraisal, then review in bulk, then the leader signs and the result is issued at once.
    log_in(page, live_server, "chuyenvien")
    open_dossier(page, live_server, dossier.code)
    act(page, "Xong: chuyển bước", {"Ý kiến": "Đủ điều kiện"}, button="Xong: chuyển bước")
    log_in(page, live_server, "truongphong")
    page.goto(f"{live_server.url}/workspace/inbox/?tab=to_review")
    picked = page.locator("tr", has_text=dossier.code).locator("input[name=dossier]")
    picked.check()
    page.get_by_label("Thao tác với các hồ sơ đã chọn").select_option("move")
    page.wait_for_load_state("networkidle")
    assert picked.is_checked()  # choosing the action does not reload the rows (only the filters do)
    page.get_by_role("button", name="Thực hiện").click()
    page.get_by_text("Đã thực hiện cho 1 hồ sơ").wait_for()
    shot(page, "4-bulk-review")
    log_in(page, live_server, "lanhdao")
    page.goto(f"{live_server.url}/workspace/inbox/?tab=to_sign")
    page.locator("tr", has_text=dossier.code).get_by_role("link", name=dossier.code).click()
    act(page, "Ký và ban hành kết quả", {"Số văn bản": "15/QĐ-STP"}, button="Ký và ban hành kết quả")
    dossier.refresh_from_db()
    assert dossier.status == states.Status.DECIDED

    # The counter hands the result back (collecting any fee still due first).
    log_in(page, live_server, "canbo.motcua")
    page.goto(f"{live_server.url}/workspace/inbox/?tab=results_to_return")
    page.locator("tr", has_text=dossier.code).get_by_role("link", name=dossier.code).click()
    if dossier.fee_paid < dossier.fee_due:
        act(page, "Ghi nhận thanh toán", button="Ghi nhận thanh toán")
    act(page, "Trả kết quả", button="Trả kết quả")
    page.get_by_text("Đã thực hiện").wait_for()
    shot(page, "5-returned")
    dossier.refresh_from_db()
    assert dossier.status == states.Status.RETURNED
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds[0] == "received" and kinds[-1] == "result_returned"
    assert {"supplementation_requested", "supplementation_received", "appraised", "reviewed", "signed",
            "result_issued"} <= set(kinds)
    assert page.locator("ol.timeline li").count() == len(kinds)
