"""Every form rendered to PDF and read back: the Vietnamese text with its diacritics, the page size (A5,
A4 landscape for the register), the embedded Tinos fonts and the receipt's QR code."""

import datetime as dt

import pytest

from motcua.documents import forms
from motcua.documents.rendering import qr_svg_data_uri

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

CODE = "000.00.20.H53-260309-0001"
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
PUBLIC_URL = "https://dichvucong.tayninh.gov.vn"


def check_pdf(pdf: bytes, *expected: str, size=pdftools.A5) -> str:
    assert pdf.startswith(b"%PDF-")
    text = pdftools.text(pdf)
    for phrase in [*MOTTO, *expected]:
        assert phrase in text, phrase
    sizes = pdftools.page_sizes(pdf)
    assert sizes and all(pdftools.close_to(page, size) for page in sizes), sizes
    fonts = pdftools.fonts(pdf)
    assert fonts and all(font["embedded"] for font in fonts), fonts
    assert all("Tinos" in font["name"] for font in fonts), fonts  # no system font crept in
    return text


def test_receipt(journey, settings):
    settings.MOTCUA_PUBLIC_URL = PUBLIC_URL + "/"
    pdf = forms.receipt_pdf(journey)
    text = check_pdf(pdf, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {CODE}",
                     "UBND TỈNH TÂY NINH", "tiếp nhận hồ sơ của: Nguyễn Văn An", "Số định danh cá nhân: 072090001234",
                     "Phường Tân Ninh", "an.nguyen@example.vn", "Đăng ký thành lập hộ kinh doanh",
                     "Giấy đề nghị đăng ký hộ kinh doanh", "03 ngày làm việc",
                     "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 09 tháng 3 năm 2026",
                     "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 12 tháng 3 năm 2026",
                     "NGƯỜI TIẾP NHẬN HỒ SƠ", "Nguyễn Thị Lan", "Tây Ninh, ngày 09 tháng 3 năm 2026")
    assert "hợp đồng thuê địa điểm" not in text  # handed in with the supplementation, not at receipt
    assert len(pdftools.page_sizes(pdf)) == 1
    url = f"{PUBLIC_URL}/portal/track/?code={CODE}"
    html = forms.dossier_form_html("01", journey)
    assert qr_svg_data_uri(url) in html  # the QR drawn is the one of the tracking URL
    decoded = pdftools.qr_texts(pdf)
    if decoded is not None:  # zbarimg installed: decode the printed code itself
        assert decoded == [url]


def test_receipt_qr_uses_the_request_host_without_a_public_url(journey, settings):
    settings.MOTCUA_PUBLIC_URL = ""
    pdf = forms.receipt_pdf(journey, request_base="http://motcua.local:8000/")
    assert "http://motcua.local:8000/portal/track/?code=" + CODE in pdftools.text(pdf)


def test_supplementation_request(journey):
    check_pdf(forms.supplementation_pdf(journey), "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"Mã hồ sơ: {CODE}",
              "SỞ TÀI CHÍNH TỈNH TÂY NINH", "Số: 01/YCBS", "Hồ sơ của: Nguyễn Văn An",
              "Bản sao hợp đồng thuê địa điểm kinh doanh", "Bản sao có chứng thực", "Bản chính",
              "Ghi rõ mã ngành cấp 4", "Lý do: Hợp đồng thuê địa điểm kinh doanh chưa có chứng thực",
              "NGƯỜI HƯỚNG DẪN", "Lê Văn Đức", "0276381234", "Tây Ninh, ngày 09 tháng 3 năm 2026")


def test_guidance_before_receipt(guided):
    text = check_pdf(forms.supplementation_pdf(guided), "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
                     "Hồ sơ của: Phạm Thị Cúc", "Bản sao thẻ căn cước của chủ hộ", "Bản chụp",
                     "Thiếu giấy đề nghị và bản sao thẻ căn cước", "TRUNG TÂM PHỤC VỤ HÀNH", "Nguyễn Thị Lan")
    assert "Mã hồ sơ" not in text  # never received: no code


def test_refusal(refused):
    check_pdf(forms.refusal_pdf(refused), "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
              "tiếp nhận hồ sơ của: Trần Thị Bình", "Đăng ký thành lập hộ kinh doanh",
              "- Ngành nghề đăng ký thuộc danh mục cấm kinh doanh.", "- Người đề nghị chưa đủ 18 tuổi.",
              "Xin thông báo để Ông/Bà được biết và thực hiện./.", "Nguyễn Thị Lan",
              "Tây Ninh, ngày 12 tháng 3 năm 2026")


def test_apology(journey):
    check_pdf(forms.apology_pdf(journey), "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Số: 01/PXL",
              "Kính gửi: Nguyễn Văn An", "Ngày 09 tháng 3 năm 2026", CODE,
              "Thời hạn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 13 tháng 3 năm 2026",
              "Chờ cơ quan thuế xác nhận thông tin", "09 giờ 00 phút, ngày 16 tháng 3 năm 2026",
              "THỦ TRƯỞNG CƠ QUAN", "Hoàng Minh Quân", "Tây Ninh, ngày 10 tháng 3 năm 2026")


def test_process_control(journey):
    pdf = forms.process_control_pdf(journey)
    text = check_pdf(pdf, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {CODE}",
                     "Cơ quan phối hợp giải quyết hồ sơ: Thuế tỉnh Tây Ninh", "Trước hạn", "Đúng hạn",
                     "09 giờ 00 phút, ngày 09/03/2026", "10 giờ 30 phút, ngày 11/03/2026", "Lê Văn Đức",
                     "Người giao", "Người nhận")
    assert "Quá hạn" not in text.replace("Trước hạn/ Đúng hạn/ Quá hạn", "")


def test_register(journey, people):
    pdf = forms.register_pdf(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), centre=people.centre)
    # Cells wrap, so only what fits on one line of a cell is looked for.
    text = check_pdf(pdf, "SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/03/2026 đến ngày 31/03/2026",
                     "Nơi tiếp nhận: Trung tâm Phục vụ hành chính công tỉnh Tây Ninh", "260309-0001",
                     "Nguyễn Văn An", "Đăng ký thành", "09/03/2026", "16/03/2026", "11/03/2026",
                     size=pdftools.A4_LANDSCAPE)
    assert "260310-0001" not in text  # the tax office's linked dossier is in its own register, not the centre's


def test_empty_register_says_so(people):
    pdf = forms.register_pdf(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31), centre=people.centre)
    check_pdf(pdf, "Không có hồ sơ nào được tiếp nhận trong thời gian này.", size=pdftools.A4_LANDSCAPE)


def test_renderer_reads_nothing_from_the_network():
    from motcua.documents.rendering import _local_fetcher

    fetcher = _local_fetcher()
    for url in ["https://example.org/logo.png", "http://127.0.0.1/x.css", "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
