"""Form sets: the templates that one legal text prescribes. The set in use is the setting
``MOTCUA_FORM_SET`` (default "tt01-2018", Circular 01/2018/TT-VPCP). A later set (Circular 03/2025 is
reported to replace these forms; unconfirmed) is added as another folder of templates and a line here,
then switched on by the setting on its effective date."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_FORM_SET = "tt01-2018"


@dataclass(frozen=True)
class Form:
    number: str  # "01" … "06"
    title: str  # as printed on the form
    template: str  # file name inside the set's folder
    slug: str  # for file names: ASCII, no spaces


@dataclass(frozen=True)
class FormSet:
    code: str
    legal_basis: str
    forms: dict[str, Form] = field(default_factory=dict)

    def template(self, number: str) -> str:
        return f"documents/{self.code}/{self.forms[number].template}"


TT01_2018 = FormSet(
    code="tt01-2018",
    legal_basis="Thông tư số 01/2018/TT-VPCP",
    forms={form.number: form for form in [
        Form("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "mau-01.html", "giay-tiep-nhan-ho-so"),
        Form("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "mau-02.html", "phieu-yeu-cau-bo-sung"),
        Form("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "mau-03.html", "phieu-tu-choi-tiep-nhan"),
        Form("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "mau-04.html", "phieu-xin-loi-hen-lai"),
        Form("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "mau-05.html", "phieu-kiem-soat"),
        Form("06", "Sổ theo dõi hồ sơ", "mau-06.html", "so-theo-doi-ho-so"),
    ]},
)

FORM_SETS = {TT01_2018.code: TT01_2018}


def current_form_set() -> FormSet:
    code = getattr(settings, "MOTCUA_FORM_SET", "") or DEFAULT_FORM_SET
    try:
        return FORM_SETS[code]
    except KeyError:
        raise ImproperlyConfigured(
            f"MOTCUA_FORM_SET={code!r} is not a known form set (known: {', '.join(sorted(FORM_SETS))})."
        ) from None
