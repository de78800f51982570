"""The demo's five-step process as the one-stop practice runs it: the leader signs and issues the result at
the agency, the dossier then waits at the counter's "return the result" step, where the counter officer hands
it back. Nobody may issue the result earlier in the process."""

import pytest
from django.contrib.auth import get_user_model

from motcua.dossiers import services, states
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.services import DossierActionError
from motcua.organizations.models import Agency, ServiceCentre
from motcua.processes.models import Process

pytestmark = pytest.mark.django_db
User = get_user_model()
JUSTICE = "000.00.04.H53"


def test_signed_at_the_agency_returned_at_the_counter():
    counter, specialist, head, leader = (User.objects.get(username=name) for name in (
        "canbo.motcua", "chuyenvien", "truongphong", "lanhdao"))
    process = Process.objects.filter(agency__code=JUSTICE, status=Process.Status.ACTIVE).select_related(
        "procedure__current_version").first()
    assert [s.code for s in process.steps.order_by("position")] == [
        "tiep-nhan", "tham-dinh", "xem-xet", "ky-duyet", "tra-ket-qua"]
    dossier = services.receive(
        actor=counter, procedure_version=process.procedure.current_version,
        receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"),
        deciding_agency=Agency.objects.get(code=JUSTICE),
        applicant={"name": "Lê Thị Hoa", "id_number": "072190004321", "phone": "0987654321"},
        components=[{"name": "Tờ khai"}])
    assert dossier.current_step.code == "tham-dinh"  # received: the specialist's turn
    with pytest.raises(DossierActionError, match="chưa đến bước cuối"):
        services.issue_result(actor=leader, dossier=dossier, name="Trích lục")
    dossier = services.move(actor=specialist, dossier=dossier, opinion="Đủ điều kiện")
    dossier = services.move(actor=head, dossier=dossier)
    assert dossier.current_step.code == "ky-duyet"

    dossier = services.issue_result(actor=leader, dossier=dossier, name="Trích lục", number="15/TL")
    assert dossier.status == states.Status.DECIDED
    assert dossier.current_step.code == "tra-ket-qua"
    issued = dossier.events.order_by("-seq").first()
    assert (issued.kind, issued.from_step, issued.to_step) == ("result_issued", "ky-duyet", "tra-ket-qua")

    if dossier.fee_due > dossier.fee_paid:
        dossier = services.record_payment(actor=counter, dossier=dossier, amount=dossier.fee_due - dossier.fee_paid,
                                          method="cash")
    dossier = services.return_result(actor=counter, dossier=dossier, delivery="counter")
    assert dossier.status == states.Status.RETURNED
    assert verify_dossier(dossier) == []


def test_a_step_is_completed_by_its_role_the_roles_above_it_or_its_assignee():
    from django.core.exceptions import PermissionDenied

    counter, specialist, head, leader = (User.objects.get(username=name) for name in (
        "canbo.motcua", "chuyenvien", "truongphong", "lanhdao"))
    process = Process.objects.filter(agency__code=JUSTICE, status=Process.Status.ACTIVE).select_related(
        "procedure__current_version").first()
    dossier = services.receive(
        actor=counter, procedure_version=process.procedure.current_version,
        receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"),
        deciding_agency=Agency.objects.get(code=JUSTICE), applicant={"name": "Phan Văn Đức"},
        components=[{"name": "Tờ khai"}])
    with pytest.raises(PermissionDenied):  # the counter does not appraise
        services.move(actor=counter, dossier=dossier)
    dossier = services.move(actor=head, dossier=dossier, opinion="Trưởng phòng thẩm định thay")  # a role above
    dossier = services.move(actor=head, dossier=dossier)  # the head's own review
    assert dossier.current_step.code == "ky-duyet"
    for not_a_signer in (specialist, head):
        with pytest.raises(PermissionDenied):
            services.move(actor=not_a_signer, dossier=dossier)
        with pytest.raises(PermissionDenied):
            services.issue_result(actor=not_a_signer, dossier=dossier, name="Trích lục")
    dossier = services.assign(actor=leader, dossier=dossier, assignee=head)  # delegated to the head by name
    dossier = services.issue_result(actor=head, dossier=dossier, name="Trích lục")
    assert dossier.current_step.code == "tra-ket-qua"
    assert verify_dossier(dossier) == []
