"""A dossier from counter intake through a three-step process with one supplementation episode and an
inter-agency leg to a returned result, through the services; the event chain verifies."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from freezegun import freeze_time

from motcua.catalog.models import Procedure
from motcua.dossiers import services, states
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency, ServiceCentre
from motcua.processes.services import create_process

pytestmark = pytest.mark.django_db
User = get_user_model()
TZ = dt.timezone(dt.timedelta(hours=7))


def officer(username):
    return User.objects.get(username=username)


@pytest.fixture
def business_process():
    """Business household registration at the Finance department, with a tax leg (liên thông)."""
    procedure = Procedure.objects.get(base_code="1.001612")
    finance = Agency.objects.get(code="000.00.03.H53")
    tax = Agency.objects.get(code="000.00.16.H53")
    steps = [
        {"code": "tiep-nhan", "name": "Tiếp nhận", "action": "receive", "role": "counter_officer",
         "duration_amount": 0, "duration_unit": "wh", "next_steps": ["tham-dinh"]},
        {"code": "tham-dinh", "name": "Thẩm định", "action": "appraise", "role": "specialist",
         "duration_amount": 8, "duration_unit": "wh", "next_steps": ["thue"]},
        {"code": "thue", "name": "Liên thông cơ quan thuế", "action": "inter_agency", "role": "specialist",
         "duration_amount": 4, "duration_unit": "wh", "next_steps": ["ky"], "partner_agency": tax.code},
        {"code": "ky", "name": "Ký duyệt", "action": "sign", "role": "agency_leader",
         "duration_amount": 4, "duration_unit": "wh", "next_steps": []},
    ]
    return create_process(actor=None, procedure=procedure, agency=finance, name="Đăng ký hộ kinh doanh", steps=steps)


def test_counter_to_returned_result_with_supplementation_and_inter_agency(business_process):
    counter = officer("canbo.motcua")
    leader = officer("lanhdao")
    centre = ServiceCentre.objects.get(code="000.00.20.H53")
    version = business_process.procedure.current_version
    finance, tax = business_process.agency, Agency.objects.get(code="000.00.16.H53")
    # Specialists of the two agencies (the demo has one only at Justice).
    specialist = User.objects.create(username="cv.taichinh", full_name="Chuyên viên Tài chính")
    tax_officer = User.objects.create(username="cv.thue", full_name="Chuyên viên Thuế")
    signer = User.objects.create(username="gd.taichinh", full_name="Giám đốc Sở Tài chính")
    from motcua.organizations.services import grant_membership
    grant_membership(actor=None, user=specialist, role="specialist", agency=finance)
    grant_membership(actor=None, user=tax_officer, role="specialist", agency=tax)
    grant_membership(actor=None, user=signer, role="agency_leader", agency=finance)

    with freeze_time(dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)):  # Monday
        dossier = services.receive(
            actor=counter, procedure_version=version, receiving_centre=centre, deciding_agency=finance,
            applicant={"name": "Nguyễn Văn An", "id_number": "072090001234", "phone": "0912345678",
                       "address": "Phường Tân Ninh, Tỉnh Tây Ninh"},
            components=[{"name": c.name, "kind": "original"} for c in version.components.all()[:3]])
    assert dossier.code == "000.00.20.H53-260309-0001"
    assert dossier.status == states.Status.RECEIVED and dossier.current_step.code == "tham-dinh"
    assert dossier.due_at.astimezone(TZ).date() == dt.date(2026, 3, 12)  # 3 working days
    first_due = dossier.due_at

    with freeze_time(dt.datetime(2026, 3, 9, 14, 0, tzinfo=TZ)):
        services.request_supplementation(actor=specialist, dossier=dossier, reason="Thiếu giấy tờ",
                                         items=[{"name": "Bản sao hợp đồng thuê nhà", "kind": "certified_copy"}])
    with freeze_time(dt.datetime(2026, 3, 10, 14, 0, tzinfo=TZ)):
        dossier = services.receive_supplementation(actor=counter, dossier=Dossier.objects.get(pk=dossier.pk),
                                                   components=[{"name": "Bản sao hợp đồng thuê nhà"}])
    # Paused exactly one working day (7.5 office hours): the appointment moves by one working day.
    assert dossier.due_at.astimezone(TZ) == first_due.astimezone(TZ) + dt.timedelta(days=1)

    with freeze_time(dt.datetime(2026, 3, 10, 15, 0, tzinfo=TZ)):
        dossier = services.move(actor=specialist, dossier=dossier, opinion="Đủ điều kiện")
    assert dossier.current_step.code == "thue" and dossier.status == states.Status.PROCESSING
    child = dossier.children.get()
    assert child.deciding_agency == tax and child.code.startswith("000.00.16.H53-260310-")
    with pytest.raises(services.DossierActionError):
        services.move(actor=specialist, dossier=dossier)  # the tax office has not finished

    with freeze_time(dt.datetime(2026, 3, 11, 9, 0, tzinfo=TZ)):
        services.issue_result(actor=tax_officer, dossier=child, name="Thông báo mã số thuế")
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.current_step.code == "ky"  # joined back after the partner's result

    with pytest.raises(PermissionDenied):
        services.issue_result(actor=officer("motcua.longan"), dossier=dossier)
    with freeze_time(dt.datetime(2026, 3, 11, 10, 0, tzinfo=TZ)):
        dossier = services.issue_result(actor=signer, dossier=dossier, name="Giấy chứng nhận đăng ký hộ kinh doanh",
                                        number="80A8001234")
        dossier = services.record_payment(actor=counter, dossier=dossier, amount=max(dossier.fee_due, 1),
                                          method="cash") if dossier.fee_due else dossier
        dossier = services.return_result(actor=counter, dossier=dossier, delivery="counter")
    assert dossier.status == states.Status.RETURNED
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds[:5] == ["received", "supplementation_requested", "supplementation_received", "appraised", "joined"]
    assert dossier.events.get(kind="appraised").payload["child"] == child.code
    assert kinds[-1] == "result_returned"
    assert verify_dossier(dossier) == [] and verify_dossier(child) == []
    assert leader  # the Justice director has no say here (different agency)


def test_stale_version_gets_changed_meanwhile(business_process):
    counter = officer("canbo.motcua")
    version = business_process.procedure.current_version
    dossier = services.receive(actor=counter, procedure_version=version,
                               receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"),
                               deciding_agency=business_process.agency, applicant={"name": "Trần Thị Bình"},
                               components=[{"name": "Giấy đề nghị"}])
    seen = dossier.version
    services.comment(actor=counter, dossier=dossier, text="Đã gọi điện cho công dân")
    with pytest.raises(services.ConflictError) as error:
        services.withdraw(actor=counter, dossier=dossier, reason="Công dân rút", expected_version=seen)
    assert "commented" in str(error.value)
    assert Dossier.objects.get(pk=dossier.pk).status == states.Status.RECEIVED
