"""The workspace pages through Django's test client: inboxes with a constant number of queries, the
dossier page and its actions (a stale version explains what changed), counter intake (double submit
safe, field messages), bulk actions and the manager's view."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.dossiers import services, states
from motcua.dossiers.models import Dossier, DossierEvent

from .conftest import justice_version, officer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(client, username):
    client.force_login(officer(username))
    return client


def test_inbox_runs_a_constant_number_of_queries(client, make_dossier, django_assert_num_queries):
    login(client, "chuyenvien")
    make_dossier()
    url = reverse("workspace:inbox") + "?tab=to_process"
    client.get(url)  # warm caches (calendar, catalog)
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    baseline = len(first.captured_queries)
    for index in range(6):
        make_dossier(name=f"Người nộp {index}", id_number=f"07209000{index:04d}")
    with django_assert_num_queries(baseline):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('name="dossier"') == 7
    assert "Thẩm định hồ sơ" in body
    assert "còn" in body.lower()  # time left in words, not colour alone


def test_inbox_tabs_count_and_filter(client, make_dossier):
    login(client, "chuyenvien")
    dossier = make_dossier()
    response = client.get(reverse("workspace:inbox"), {"tab": "to_process", "channel": "2"})
    assert dossier.code not in response.content.decode()
    response = client.get(reverse("workspace:inbox"), {"tab": "to_process", "channel": "1"})
    assert dossier.code in response.content.decode()
    response = client.get(reverse("workspace:inbox"),
                          {"tab": "to_process", "received_from": "2030-01-02", "received_to": "2030-01-01"})
    assert "Ngày cuối của khoảng thời gian ở trước ngày bắt đầu" in response.content.decode() or \
        response.context["form"].errors["received_to"]


def test_inbox_answers_htmx_with_the_results_only(client, make_dossier):
    login(client, "chuyenvien")
    make_dossier()
    response = client.get(reverse("workspace:inbox"), {"tab": "to_process"}, HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="inbox-results")
    assert b"<html" not in response.content and b'class="tabs"' in response.content


def test_dossier_page_offers_only_this_officers_actions(client, make_dossier):
    dossier = make_dossier()
    login(client, "chuyenvien")
    body = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert 'id="action-move"' in body and 'id="action-request_supplementation"' in body
    assert 'id="action-sign_off"' not in body and 'id="action-stop"' not in body
    assert "<svg" in body  # the process diagram with the current step
    client.logout()
    login(client, "lanhdao")
    body = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert 'id="action-move"' not in body  # the step is the specialist's
    client.logout()
    login(client, "motcua.longan")  # another commune's centre: not in scope
    assert client.get(reverse("workspace:dossier", args=[dossier.code])).status_code == 404


def test_a_stale_action_explains_what_changed_and_records_nothing(client, make_dossier):
    dossier = make_dossier()
    seen = dossier.version
    services.comment(actor=officer("truongphong"), dossier=dossier, text="Kiểm tra kỹ giấy tờ nhà đất")
    login(client, "chuyenvien")
    events = DossierEvent.objects.filter(dossier=dossier).count()
    response = client.post(reverse("workspace:dossier_action", args=[dossier.code, "move"]),
                           {"move-expected_version": seen, "move-opinion": "Đủ điều kiện"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Lê Thị Hồng" in body and "Kiểm tra kỹ giấy tờ nhà đất" in body
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_move_twice_by_double_click_moves_once(client, make_dossier):
    dossier = make_dossier()
    login(client, "chuyenvien")
    url = reverse("workspace:dossier_action", args=[dossier.code, "move"])
    data = {"move-expected_version": dossier.version, "move-opinion": "Đủ điều kiện"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 409
    assert DossierEvent.objects.filter(dossier=dossier, kind="appraised").count() == 1


def test_action_field_errors_are_named_in_vietnamese(client, make_dossier):
    dossier = make_dossier()
    login(client, "chuyenvien")
    response = client.post(reverse("workspace:dossier_action", args=[dossier.code, "request_supplementation"]),
                           {"request_supplementation-expected_version": dossier.version})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()


def test_counter_intake_receives_once_with_files_and_fees(client, procedure_with_process):
    version, justice = procedure_with_process
    login(client, "canbo.motcua")
    assert client.get(reverse("workspace:intake"), {"q": version.name[:20]}).status_code == 200
    page = client.get(reverse("workspace:intake_form", args=[version.pk]))
    form = page.context["form"]
    key = form.fields["idempotency_key"].initial
    data = {"version": version.pk, "idempotency_key": key, "deciding_agency": justice.pk, "decision": "receive",
            "applicant_id_number": "072090009999", "applicant_name": "Phạm Thị Cúc", "applicant_phone": "0987654321",
            "sets": 1, "result_delivery": "counter", "payment_method": "cash", "fee_collected": "on"}
    for index in range(len(form.components)):
        data[f"c{index}_received"] = "on"
        data[f"c{index}_kind"] = "original"
        data[f"c{index}_copies"] = 1
    first = dict(data, c0_file=io.BytesIO(PDF))
    first["c0_file"].name = "don.pdf"
    response = client.post(reverse("workspace:intake_form", args=[version.pk]), first)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    again = dict(data, c0_file=io.BytesIO(PDF))
    again["c0_file"].name = "don.pdf"
    assert client.post(reverse("workspace:intake_form", args=[version.pk]), again).status_code == 302
    dossier = Dossier.objects.get(idempotency_key=key)
    assert dossier.status == states.Status.RECEIVED and dossier.code
    assert dossier.events.filter(kind="received").count() == 1
    assert dossier.events.filter(kind="payment_recorded").count() == (1 if dossier.fee_due else 0)
    stored = dossier.components.exclude(file="")
    assert stored.count() == 1 and stored.get().sha256 and stored.get().digitized
    done = client.get(response.url)
    assert dossier.code in done.content.decode() and "mau-01.pdf" in done.content.decode()
    # The returning applicant's data is offered by ID number.
    answer = client.get(reverse("workspace:intake_applicant"), {"id_number": "072090009999"}).json()
    assert answer["applicant"]["name"] == "Phạm Thị Cúc"


def test_counter_intake_explains_bad_input_by_field(client, procedure_with_process):
    version, justice = procedure_with_process
    login(client, "canbo.motcua")
    page = client.get(reverse("workspace:intake_form", args=[version.pk]))
    key = page.context["form"].fields["idempotency_key"].initial
    bad = io.BytesIO(b"MZ not a pdf")
    bad.name = "virus.pdf"
    response = client.post(reverse("workspace:intake_form", args=[version.pk]), {
        "version": version.pk, "idempotency_key": key, "deciding_agency": justice.pk, "decision": "receive",
        "applicant_id_number": "12345", "sets": 1, "result_delivery": "counter", "payment_method": "cash",
        "c0_file": bad, "c0_kind": "original", "c0_copies": 1})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nhập tên người nộp hồ sơ" in body  # name missing
    assert "12 chữ số" in body  # ID number
    assert "virus.pdf" in body  # the file's content was checked
    assert not Dossier.objects.filter(idempotency_key=key).exists()


@pytest.mark.parametrize("decision,field,event", [("guide", "missing", "guided"), ("refuse", "reasons", "refused")])
def test_guide_and_refuse_at_the_counter_record_once(client, procedure_with_process, decision, field, event):
    version, justice = procedure_with_process
    login(client, "canbo.motcua")
    page = client.get(reverse("workspace:intake_form", args=[version.pk]))
    key = page.context["form"].fields["idempotency_key"].initial
    data = {"version": version.pk, "idempotency_key": key, "deciding_agency": justice.pk, "decision": decision,
            "applicant_name": "Lê Văn Dũng", "sets": 1, "result_delivery": "counter", "payment_method": "cash",
            field: "Thiếu bản sao giấy khai sinh"}
    for _ in range(2):
        response = client.post(reverse("workspace:intake_form", args=[version.pk]), data)
        assert response.status_code == 302
    dossier = Dossier.objects.get(idempotency_key=key)
    assert dossier.events.filter(kind=event).count() == 1
    assert f"mau-0{2 if decision == 'guide' else 3}.pdf" in client.get(response.url).content.decode()


def test_bulk_assign_and_stale_rows_are_named(client, make_dossier):
    first, second = make_dossier(), make_dossier(name="Trần Thị Bình", id_number="072090004321")
    login(client, "truongphong")
    stale = second.version
    services.comment(actor=officer("chuyenvien"), dossier=second, text="Đang xử lý")
    response = client.post(reverse("workspace:bulk"), {
        "action": "assign", "assignee": officer("chuyenvien").pk, "dossier": [first.pk, second.pk],
        f"version_{first.pk}": first.version, f"version_{second.pk}": stale, "next": "/workspace/inbox/"},
        follow=True)
    body = response.content.decode()
    assert first.code in body and f"{second.code}" in body
    assert Dossier.objects.get(pk=first.pk).assignee == officer("chuyenvien")
    assert Dossier.objects.get(pk=second.pk).assignee is None


def test_unit_view_shows_load_overdue_and_this_week(client, make_dossier, django_assert_num_queries):
    dossier = make_dossier()
    services.assign(actor=officer("truongphong"), dossier=dossier, assignee=officer("chuyenvien"))
    login(client, "lanhdao")
    url = reverse("workspace:unit")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert "Trần Văn Minh" in response.content.decode()
    for index in range(4):
        d = make_dossier(name=f"Người nộp {index}", id_number=f"07209100{index:04d}")
        services.assign(actor=officer("truongphong"), dossier=d, assignee=officer("chuyenvien"))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_unit_view_is_for_managers(client):
    login(client, "chuyenvien")
    assert client.get(reverse("workspace:unit")).status_code == 403


@pytest.mark.parametrize(("username", "shown"), [("chuyenvien", False), ("canbo.motcua", False),
                                                 ("truongphong", True), ("lanhdao", True)])
def test_unit_link_is_shown_only_to_those_who_may_open_it(client, username, shown):
    login(client, username)
    body = client.get(reverse("workspace:inbox")).content.decode()
    assert (f'href="{reverse("workspace:unit")}"' in body) is shown


def test_component_preview_is_served_inline_inside_the_scope(client, procedure_with_process):
    test_counter_intake_receives_once_with_files_and_fees(client, procedure_with_process)
    component = Dossier.objects.get(applicant_id_number="072090009999").components.exclude(file="").get()
    code = component.dossier.code
    response = client.get(reverse("workspace:component_file", args=[code, component.pk]))
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content) == PDF
    client.logout()
    login(client, "motcua.longan")
    assert client.get(reverse("workspace:component_file", args=[code, component.pk])).status_code == 404


def test_sign_off_issues_the_result_in_one_go(client, make_dossier):
    dossier = make_dossier()
    for username in ("chuyenvien", "truongphong"):
        dossier = services.move(actor=officer(username), dossier=Dossier.objects.get(pk=dossier.pk))
    assert dossier.current_step.action == "sign"
    login(client, "lanhdao")
    response = client.post(reverse("workspace:dossier_action", args=[dossier.code, "sign_off"]), {
        "sign_off-expected_version": dossier.version, "sign_off-result_name": "Giấy chứng nhận",
        "sign_off-result_number": "123/GCN"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == states.Status.DECIDED and dossier.result.number == "123/GCN"


def test_intake_needs_a_service_centre(client):
    login(client, "chuyenvien")
    version, _justice = justice_version()
    assert client.get(reverse("workspace:intake_form", args=[version.pk])).status_code == 403


def test_supplementation_and_reschedule_through_the_page(client, make_dossier):
    """Services that answer with what they created (a request, a reschedule) still lead back to the dossier."""
    dossier = make_dossier()
    login(client, "chuyenvien")
    response = client.post(reverse("workspace:dossier_action", args=[dossier.code, "request_supplementation"]), {
        "request_supplementation-expected_version": dossier.version,
        "request_supplementation-items": "Bản sao giấy khai sinh\nẢnh 4x6", "request_supplementation-reason": "Thiếu"})
    assert response.status_code == 302 and response.url.endswith(f"/{dossier.code}/")
    dossier.refresh_from_db()
    assert dossier.status == states.Status.SUPPLEMENTATION
    assert [i["name"] for i in dossier.supplementations.get().items] == ["Bản sao giấy khai sinh", "Ảnh 4x6"]
    login(client, "canbo.motcua")
    page = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert "Bản sao giấy khai sinh" in page and 'id="action-receive_supplementation"' in page
    response = client.post(reverse("workspace:dossier_action", args=[dossier.code, "receive_supplementation"]), {
        "receive_supplementation-expected_version": dossier.version,
        "receive_supplementation-items": "Bản sao giấy khai sinh\nẢnh 4x6"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status != states.Status.SUPPLEMENTATION and dossier.components.count() == 4


def test_intake_without_fees_needs_no_payment_method(client, procedure_with_process):
    version, justice = procedure_with_process
    login(client, "canbo.motcua")
    form = client.get(reverse("workspace:intake_form", args=[version.pk])).context["form"]
    data = {"version": version.pk, "idempotency_key": form.fields["idempotency_key"].initial,
            "deciding_agency": justice.pk, "decision": "receive", "applicant_name": "Võ Văn Em", "sets": 1,
            "result_delivery": "post"}
    data.update({f"c{index}_received": "on" for index in range(len(form.components))})
    response = client.post(reverse("workspace:intake_form", args=[version.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    dossier = Dossier.objects.get(idempotency_key=data["idempotency_key"])
    assert dossier.result_delivery == "post" and dossier.events.filter(kind="payment_recorded").count() == 0
