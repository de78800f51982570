"""Dossiers built through the services, for the forms: a full journey (receipt, assignment, one
supplementation, a reschedule, an inter-agency leg, result returned), a refused one and a guided one.

Tests marked ``pdf`` also need WeasyPrint's Pango here (the project conftest checks pdftotext)."""

import datetime as dt
import os
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from freezegun import freeze_time

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency, ServiceCentre
from motcua.organizations.services import grant_membership
from motcua.processes.services import create_process
from motcua.workdays.selectors import engine_calendar

TZ = dt.timezone(dt.timedelta(hours=7))
APPLICANT = {"name": "Nguyễn Văn An", "id_number": "072090001234", "phone": "0912345678",
             "email": "an.nguyen@example.vn", "address": "Số 12 đường Cách Mạng Tháng Tám, Phường Tân Ninh, Tỉnh Tây Ninh"}


def _pango_missing() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return True
    return False


def pytest_runtest_setup(item):
    if item.get_closest_marker("pdf") and _pango_missing():
        if os.environ.get("MOTCUA_REQUIRE_ALL") == "1":
            pytest.fail("MOTCUA_REQUIRE_ALL=1 but this test needs Pango (apt-get install libpango-1.0-0)")
        pytest.skip("needs Pango (WeasyPrint)")


def at(day, hour, minute=0):
    return freeze_time(dt.datetime(2026, 3, day, hour, minute, tzinfo=TZ))


@pytest.fixture
def people(db):
    User = get_user_model()
    finance, tax = Agency.objects.get(code="000.00.03.H53"), Agency.objects.get(code="000.00.16.H53")
    specialist = User.objects.create(username="cv.dkkd", full_name="Lê Văn Đức", phone="0276381234")
    tax_officer = User.objects.create(username="cv.thue", full_name="Trương Thị Ánh")
    director = User.objects.create(username="gd.taichinh", full_name="Hoàng Minh Quân", position="Giám đốc Sở")
    grant_membership(actor=None, user=specialist, role="specialist", agency=finance)
    grant_membership(actor=None, user=tax_officer, role="specialist", agency=tax)
    grant_membership(actor=None, user=director, role="agency_leader", agency=finance)
    return SimpleNamespace(
        counter=User.objects.get(username="canbo.motcua"), outsider=User.objects.get(username="motcua.longan"),
        specialist=specialist, tax_officer=tax_officer, director=director, finance=finance, tax=tax,
        centre=ServiceCentre.objects.get(code="000.00.20.H53"))


@pytest.fixture
def process(people):
    """Business household registration at the Finance department with a tax leg (liên thông)."""
    steps = [
        {"code": "tiep-nhan", "name": "Tiếp nhận hồ sơ", "action": "receive", "role": "counter_officer",
         "duration_amount": 0, "duration_unit": "wh", "next_steps": ["tham-dinh"]},
        {"code": "tham-dinh", "name": "Thẩm định hồ sơ", "action": "appraise", "role": "specialist",
         "division": "Phòng Đăng ký kinh doanh", "duration_amount": 8, "duration_unit": "wh",
         "next_steps": ["thue"]},
        {"code": "thue", "name": "Liên thông cơ quan thuế", "action": "inter_agency", "role": "specialist",
         "duration_amount": 4, "duration_unit": "wh", "next_steps": ["ky"], "partner_agency": people.tax.code},
        {"code": "ky", "name": "Lãnh đạo Sở ký duyệt", "action": "sign", "role": "agency_leader",
         "duration_amount": 4, "duration_unit": "wh", "next_steps": []},
    ]
    return create_process(actor=None, procedure=Procedure.objects.get(base_code="1.001612"), agency=people.finance,
                          name="Đăng ký hộ kinh doanh", steps=steps)


def _receive(people, process):
    version = process.procedure.current_version
    kinds = ["original", "certified_copy", "photocopy"]
    return services.receive(
        actor=people.counter, procedure_version=version, receiving_centre=people.centre,
        deciding_agency=people.finance, applicant=APPLICANT,
        components=[{"name": c.name, "kind": kinds[i % 3]} for i, c in enumerate(version.components.all()[:3])])


@pytest.fixture
def journey(people, process):
    """Received Mon 9/3/2026 09:00, returned Wed 11/3 10:30; see the steps below."""
    p = people
    with at(9, 9):
        dossier = _receive(p, process)
    with at(9, 9, 30):
        services.assign(actor=p.director, dossier=dossier, assignee=p.specialist, note="Xử lý trong ngày")
    with at(9, 14):
        services.request_supplementation(
            actor=p.specialist, dossier=dossier, reason="Hợp đồng thuê địa điểm kinh doanh chưa có chứng thực",
            items=[{"name": "Bản sao hợp đồng thuê địa điểm kinh doanh", "kind": "certified_copy"},
                   {"name": "Giấy đề nghị đăng ký hộ kinh doanh (ghi đủ ngành nghề)", "kind": "original",
                    "note": "Ghi rõ mã ngành cấp 4"}])
    with at(10, 14):
        services.receive_supplementation(actor=p.counter, dossier=Dossier.objects.get(pk=dossier.pk),
                                         components=[{"name": "Bản sao hợp đồng thuê địa điểm kinh doanh",
                                                      "kind": "certified_copy"}])
    with at(10, 14, 30):
        dossier = Dossier.objects.get(pk=dossier.pk)
        later = engine_calendar(dossier.calendar_code).due(dossier.due_at, "1wd").due_at
        services.reschedule(actor=p.director, dossier=dossier, reason="Chờ cơ quan thuế xác nhận thông tin",
                            new_due_at=later)
    with at(10, 15):
        dossier = services.move(actor=p.specialist, dossier=Dossier.objects.get(pk=dossier.pk), opinion="Đủ điều kiện")
    child = dossier.children.get()
    with at(11, 9):
        services.issue_result(actor=p.tax_officer, dossier=child, name="Thông báo mã số thuế hộ kinh doanh")
    with at(11, 10):
        dossier = services.issue_result(actor=p.director, dossier=Dossier.objects.get(pk=dossier.pk),
                                        name="Giấy chứng nhận đăng ký hộ kinh doanh", number="45A8001234")
    with at(11, 10, 30):
        dossier = services.return_result(actor=p.counter, dossier=dossier, delivery="counter")
    return Dossier.objects.get(pk=dossier.pk)


@pytest.fixture
def refused(people, process):
    with at(12, 8, 15):
        return services.refuse(actor=people.counter, procedure_version=process.procedure.current_version,
                               receiving_centre=people.centre, deciding_agency=people.finance,
                               applicant={"name": "Trần Thị Bình", "address": "Xã Tân Biên, Tỉnh Tây Ninh"},
                               reasons="Ngành nghề đăng ký thuộc danh mục cấm kinh doanh.\n"
                                       "Người đề nghị chưa đủ 18 tuổi.")


@pytest.fixture
def guided(people, process):
    with at(12, 8, 45):
        return services.guide(actor=people.counter, procedure_version=process.procedure.current_version,
                              receiving_centre=people.centre, deciding_agency=people.finance,
                              applicant={"name": "Phạm Thị Cúc", "phone": "0987654321"},
                              items=[{"name": "Giấy đề nghị đăng ký hộ kinh doanh", "kind": "original"},
                                     {"name": "Bản sao thẻ căn cước của chủ hộ", "kind": "photocopy"}],
                              note="Thiếu giấy đề nghị và bản sao thẻ căn cước")
