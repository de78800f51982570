"""The standard forms of the one-stop mechanism as PDF, one function per form, in the form set of the
setting MOTCUA_FORM_SET (default: Circular 01/2018/TT-VPCP). Mẫu 01–05 print on A5, Mẫu 06 on A4
landscape. Each function reads the dossier's record and changes nothing; a dossier that has no such form
(e.g. an apology for a dossier never rescheduled) raises ``FormNotAvailable``.

    receipt_pdf(dossier)                  Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    supplementation_pdf(dossier, number)  Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    refusal_pdf(dossier)                  Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
    apology_pdf(dossier)                  Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả
    process_control_pdf(dossier)          Mẫu 05 Phiếu kiểm soát quá trình giải quyết hồ sơ
    register_pdf(start=, end=, centre=)   Mẫu 06 Sổ theo dõi hồ sơ
"""

from __future__ import annotations

import datetime as dt

from . import content, control, selectors
from .content import FormNotAvailable
from .formsets import current_form_set
from .rendering import render_html, render_pdf

__all__ = [
    "FormNotAvailable", "apology_pdf", "dossier_form_html", "dossier_form_pdf", "process_control_pdf", "receipt_pdf", "refusal_pdf",
    "register_html", "register_pdf", "supplementation_pdf",
]


def _context(form_number: str, dossier, **options) -> dict:
    form = current_form_set().forms[form_number]
    if form_number == "01":
        return content.receipt(dossier, form, request_base=options.get("request_base"))
    if form_number == "02":
        return content.supplementation(dossier, form, number=options.get("number"))
    if form_number == "03":
        return content.refusal(dossier, form)
    if form_number == "04":
        return content.apology(dossier, form)
    if form_number == "05":
        return control.process_control(dossier, form)
    raise KeyError(form_number)


def dossier_form_html(form_number: str, dossier, **options) -> str:
    """The HTML of Mẫu ``form_number`` ("01"…"05") of ``dossier``, as it goes to WeasyPrint."""
    return render_html(current_form_set().template(form_number), _context(form_number, dossier, **options))


def dossier_form_pdf(form_number: str, dossier, **options) -> bytes:
    """Mẫu ``form_number`` ("01"…"05") of ``dossier`` as PDF; ``options`` as the functions below."""
    return render_pdf(current_form_set().template(form_number), _context(form_number, dossier, **options))


def receipt_pdf(dossier, *, request_base: str | None = None) -> bytes:
    """Mẫu 01. The QR code links to ``{MOTCUA_PUBLIC_URL or request_base}/portal/track/?code=CODE``."""
    return dossier_form_pdf("01", dossier, request_base=request_base)


def supplementation_pdf(dossier, number: int | None = None) -> bytes:
    """Mẫu 02 for supplementation episode ``number`` (default: the latest), or the guidance given before
    receipt when the dossier never had an episode."""
    return dossier_form_pdf("02", dossier, number=number)


def refusal_pdf(dossier) -> bytes:
    """Mẫu 03, from the event "refused"."""
    return dossier_form_pdf("03", dossier)


def apology_pdf(dossier) -> bytes:
    """Mẫu 04, from the dossier's reschedule."""
    return dossier_form_pdf("04", dossier)


def process_control_pdf(dossier) -> bytes:
    """Mẫu 05, one row per hand-off of the event trail."""
    return dossier_form_pdf("05", dossier)


def _register_context(*, start: dt.date, end: dt.date, centre=None, agency=None) -> dict:
    form = current_form_set().forms["06"]
    dossiers = selectors.register_dossiers(start=start, end=end, centre=centre, agency=agency)
    return content.register(dossiers, form, start=start, end=end, centre=centre, agency=agency)


def register_html(*, start: dt.date, end: dt.date, centre=None, agency=None) -> str:
    return render_html(current_form_set().template("06"),
                       _register_context(start=start, end=end, centre=centre, agency=agency))


def register_pdf(*, start: dt.date, end: dt.date, centre=None, agency=None) -> bytes:
    """Mẫu 06 for the dossiers received from ``start`` to ``end`` (inclusive, Vietnam's time) by the service
    centre ``centre`` or, without one, directly by ``agency``."""
    return render_pdf(current_form_set().template("06"),
                      _register_context(start=start, end=end, centre=centre, agency=agency))
