"""Uploaded files: size, type from the content, safe names, SHA-256."""

import hashlib
import struct
import unicodedata
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.uploads import CheckedUpload, check_upload, sanitise_name

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    """A real 1×1 PNG, built here."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def error_of(excinfo, field="file"):
    errors = excinfo.value.error_dict[field]
    return errors[0].code, errors[0].messages[0]


def test_a_valid_pdf():
    file = upload("Tờ khai đăng ký khai sinh.pdf", PDF)
    checked = check_upload(file)
    assert checked == CheckedUpload(name="Tờ khai đăng ký khai sinh.pdf", content_type="application/pdf",
                                    size=len(PDF), sha256=hashlib.sha256(PDF).hexdigest())
    assert file.read() == PDF  # rewound: ready to be saved


def test_a_valid_png_gets_its_type_and_extension_from_the_content():
    content = png_bytes()
    checked = check_upload(upload("ảnh chân dung.PNG", content, "application/octet-stream"))
    assert (checked.name, checked.content_type, checked.size) == ("ảnh chân dung.png", "image/png", len(content))
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    # A PNG sent as "scan.pdf" is a PNG: accepted as one where PNG is allowed, named for what it is.
    assert check_upload(upload("scan.pdf", content)).name == "scan.png"
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("scan.pdf", content), allowed=("pdf",))
    assert error_of(excinfo)[0] == "wrong_type"


def test_oversized_files_are_refused_before_and_while_reading():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("lớn.pdf", PDF + b"x" * 100), max_bytes=64)
    code, message = error_of(excinfo)
    assert code == "too_large" and "lớn.pdf" in message

    class LyingSize(SimpleUploadedFile):
        size = 10  # what the client claimed

    with pytest.raises(ValidationError) as excinfo:
        check_upload(LyingSize("x.pdf", PDF * 50, "application/pdf"), max_bytes=len(PDF) * 2)
    assert error_of(excinfo)[0] == "too_large"


def test_the_limit_comes_from_settings(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError):
        check_upload(upload("a.pdf", PDF))
    settings.MOTCUA_UPLOAD_MAX_BYTES = len(PDF)
    assert check_upload(upload("a.pdf", PDF)).size == len(PDF)


@pytest.mark.parametrize("content", [
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # a Windows program
    b"<html><script>alert(1)</script></html>",
    b"PK\x03\x04\x14\x00\x06\x00",  # a zip (or an Office document)
    b"\x7fELF\x02\x01\x01",
    b"just some text that says %PD",
])
def test_other_content_disguised_as_pdf_is_refused(content):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("hop-dong.pdf", content), field="components-0-file")
    code, message = error_of(excinfo, field="components-0-file")
    assert code == "wrong_type" and "hop-dong.pdf" in message and "PDF, JPEG, PNG" in message


def test_empty_file():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("rỗng.pdf", b""))
    assert error_of(excinfo)[0] == "empty"


@pytest.mark.parametrize(("raw", "expected"), [
    ("../../etc/passwd", "passwd.pdf"),
    ("..\\..\\Windows\\system32\\giấy tờ.pdf", "giấy tờ.pdf"),
    ("C:\\Users\\An\\Desktop\\Đơn đề nghị.PDF", "Đơn đề nghị.pdf"),
    ("bao\x00cao\nthang\r\t3.pdf", "bao cao thang 3.pdf"),
    ("hoá đơn\u202egpj.exe", "hoá đơn gpj.pdf"),  # a right-to-left override hiding ".exe"
    (unicodedata.normalize("NFD", "Giấy khai sinh.pdf"), "Giấy khai sinh.pdf"),  # macOS sends NFD
    ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
    (".htaccess", "htaccess.pdf"),
    ("...", "tep.pdf"),
    ("", "tep.pdf"),
    ("CON.pdf", "tep-CON.pdf"),
    ("report.final.v2.pdf", "report.final.v2.pdf"),
])
def test_file_names_are_sanitised(raw, expected):
    assert sanitise_name(raw, extension="pdf") == expected
    assert check_upload(upload(raw or "x", PDF)).name == (expected if raw else "x.pdf")


def test_long_names_are_cut_keeping_the_extension():
    name = sanitise_name("Đơn đề nghị cấp giấy chứng nhận quyền sử dụng đất " * 10 + ".pdf", extension="pdf")
    assert len(name) <= 120 and name.endswith(".pdf") and name.startswith("Đơn đề nghị")
    assert unicodedata.is_normalized("NFC", name)
    many_bytes = sanitise_name("ữ" * 200, extension="pdf")  # 3 bytes each in UTF-8
    assert len(many_bytes.encode()) <= 240 and many_bytes.endswith("ữ.pdf")
