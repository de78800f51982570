"""The dossier REST API: the whole journey driven by officers' tokens, every action, the answers to
conflicts, refusals and foreign dossiers, the scoped list with its filters and its query count."""

import datetime as dt
import uuid
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from freezegun import freeze_time
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.catalog.models import Procedure
from motcua.dossiers import services, states
from motcua.dossiers.api.selectors import dossiers_visible_to
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.core import in_scope
from motcua.organizations.models import Agency, ServiceCentre
from motcua.organizations.services import grant_membership
from motcua.processes.models import Process

from . import test_journey

pytestmark = pytest.mark.django_db
User = get_user_model()
business_process = test_journey.business_process  # the journey's process: Finance, with a tax leg
TZ = dt.timezone(dt.timedelta(hours=7))
LIST = "/api/v1/dossiers/"
PROVINCE_CENTRE = "000.00.20.H53"
JUSTICE = "000.00.04.H53"
TAN_NINH_CENTRE = "000.01.51.H53"


def client_for(username: str) -> APIClient:
    """A machine client holding the officer's API token (answers in English)."""
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def act(client: APIClient, code: str, action: str, **data):
    return client.post(f"{LIST}{code}/actions/{action}/", data, format="json")


def officer(username: str, full_name: str, role: str, agency_code: str):
    user = User.objects.create(username=username, full_name=full_name)
    grant_membership(actor=None, user=user, role=role, agency=Agency.objects.get(code=agency_code))
    return user


def intake_body(procedure: str, agency: str, name: str = "Nguyễn Văn An", **extra) -> dict:
    return {"procedure": procedure, "deciding_agency": agency,
            "applicant": {"name": name, "id_number": "072090001234", "phone": "0912345678",
                          "address": "Phường Tân Ninh, Tỉnh Tây Ninh"},
            "components": [{"name": "Giấy đề nghị đăng ký hộ kinh doanh"}, {"name": "Bản sao CCCD",
                                                                           "kind": "certified_copy"}],
            **extra}


def test_the_whole_journey_through_the_api(business_process):
    finance_specialist = officer("cv.tc.api", "Trịnh Văn Khoa", "specialist", "000.00.03.H53")
    officer("cv.thue.api", "Mai Thị Yến", "specialist", "000.00.16.H53")
    officer("gd.tc.api", "Lâm Quốc Bảo", "agency_leader", "000.00.03.H53")
    counter, specialist = client_for("canbo.motcua"), client_for("cv.tc.api")
    tax, signer = client_for("cv.thue.api"), client_for("gd.tc.api")
    procedure = business_process.procedure.localised_code

    with freeze_time(dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)):  # Monday
        key = str(uuid.uuid4())
        response = counter.post(LIST, intake_body(procedure, "000.00.03.H53", receiving_centre=PROVINCE_CENTRE),
                                format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 201, response.data
        again = counter.post(LIST, intake_body(procedure, "000.00.03.H53", receiving_centre=PROVINCE_CENTRE),
                             format="json", HTTP_IDEMPOTENCY_KEY=key)  # the network retried
    dossier = response.data
    code = dossier["code"]
    assert code == "000.00.20.H53-260309-0001" and response["Location"] == f"{LIST}{code}/"
    assert again.status_code == 200 and again.data["code"] == code and Dossier.objects.count() == 1
    assert dossier["status"] == states.Status.RECEIVED and dossier["current_step"] == "tham-dinh"
    assert [c["name"] for c in dossier["components"]][1] == "Bản sao CCCD"
    assert dossier["events"][0]["actor_name"] == "Nguyễn Thị Lan"
    first_due = dt.datetime.fromisoformat(dossier["due_at"])
    assert first_due.astimezone(TZ).date() == dt.date(2026, 3, 12)

    with freeze_time(dt.datetime(2026, 3, 9, 14, 0, tzinfo=TZ)):
        response = act(specialist, code, "request_supplementation", expected_version=dossier["version"],
                       reason="Thiếu giấy tờ", items=[{"name": "Bản sao hợp đồng thuê nhà", "kind": "certified_copy"}])
    assert response.status_code == 200, response.data
    assert response.data["status"] == states.Status.SUPPLEMENTATION
    assert response.data["supplementations"][0]["requested_by"] == "cv.tc.api"
    with freeze_time(dt.datetime(2026, 3, 10, 14, 0, tzinfo=TZ)):
        response = act(counter, code, "receive_supplementation", expected_version=response.data["version"],
                       components=[{"name": "Bản sao hợp đồng thuê nhà", "kind": "certified_copy"}])
    assert response.status_code == 200, response.data
    # Paused one working day: the appointment moves by one working day.
    assert dt.datetime.fromisoformat(response.data["due_at"]) == first_due + dt.timedelta(days=1)
    assert response.data["supplementations"][0]["received_at"] is not None

    with freeze_time(dt.datetime(2026, 3, 10, 15, 0, tzinfo=TZ)):
        response = act(specialist, code, "move", expected_version=response.data["version"], opinion="Đủ điều kiện")
        assert response.status_code == 200, response.data
        assert response.data["current_step"] == "thue"
        child = response.data["children"][0]
        assert child["deciding_agency"] == "000.00.16.H53" and child["code"].startswith("000.00.16.H53-260310-")
        waiting = act(specialist, code, "move", expected_version=response.data["version"])
    assert waiting.status_code == 400 and "partner agency" in str(waiting.data["non_field_errors"])

    # The tax office sees its linked dossier, not the parent; it issues its part and the parent joins back.
    assert tax.get(f"{LIST}{code}/").status_code == 404
    child_detail = tax.get(f"{LIST}{child['code']}/").data
    assert child_detail["parent"] == code
    with freeze_time(dt.datetime(2026, 3, 11, 9, 0, tzinfo=TZ)):
        response = act(tax, child["code"], "issue_result", expected_version=child_detail["version"],
                       name="Thông báo mã số thuế")
    assert response.status_code == 200 and response.data["status"] == states.Status.DECIDED
    dossier = counter.get(f"{LIST}{code}/").data
    assert dossier["current_step"] == "ky" and dossier["children"][0]["status"] == states.Status.DECIDED

    assert act(client_for("motcua.longan"), code, "issue_result").status_code == 404  # another commune's counter
    assert act(client_for("thanhtra"), code, "issue_result").status_code == 403  # the inspector only reads
    with freeze_time(dt.datetime(2026, 3, 11, 10, 0, tzinfo=TZ)):
        response = act(signer, code, "issue_result", expected_version=dossier["version"],
                       name="Giấy chứng nhận đăng ký hộ kinh doanh", number="80A8001234")
        assert response.status_code == 200, response.data
        dossier = response.data
        if dossier["fee_due"] > dossier["fee_paid"]:
            dossier = act(counter, code, "record_payment", expected_version=dossier["version"],
                          amount=dossier["fee_due"] - dossier["fee_paid"], method="cash").data
        response = act(counter, code, "return_result", expected_version=dossier["version"], delivery="counter")
    assert response.status_code == 200, response.data
    dossier = response.data
    assert dossier["status"] == states.Status.RETURNED and dossier["result"]["number"] == "80A8001234"
    kinds = [event["kind"] for event in dossier["events"]]
    assert kinds[:5] == ["received", "supplementation_requested", "supplementation_received", "appraised", "joined"]
    assert kinds[-1] == "result_returned"
    assert {e["kind"]: e["actor_name"] for e in dossier["events"]}["appraised"] == finance_specialist.full_name
    assert dossier["events"][4]["actor"] == "cv.thue.api"  # the tax officer's result joined the parent
    assert verify_dossier(Dossier.objects.get(code=code)) == []
    assert verify_dossier(Dossier.objects.get(code=child["code"])) == []


# Every action, and the answers when an action cannot be taken -----------------------------------------------

def justice_intake(client, name="Lê Thị Hoa", **extra):
    procedure = Process.objects.filter(agency__code=JUSTICE, status="active", procedure__base_code="3.000333").get()
    response = client.post(LIST, intake_body(procedure.procedure.localised_code, JUSTICE, name=name, **extra),
                           format="json")
    assert response.status_code == 201, response.data
    return response.data


def test_each_action_answers_with_the_updated_dossier():
    counter, specialist = client_for("canbo.motcua"), client_for("chuyenvien")
    head, leader = client_for("truongphong"), client_for("lanhdao")
    dossier = justice_intake(counter)  # the counter officer belongs to one centre: it is the default
    code = dossier["code"]
    assert code.startswith(f"{PROVINCE_CENTRE}-") and dossier["receiving_centre"] == PROVINCE_CENTRE

    def step(client, action, **data):
        nonlocal dossier
        response = act(client, code, action, expected_version=dossier["version"], **data)
        assert response.status_code == 200, (action, response.data)
        assert response.data["version"] == dossier["version"] + 1
        dossier = response.data
        return dossier

    assert step(head, "assign", assignee="chuyenvien", note="Xử lý gấp")["assignee_name"] == "Trần Văn Minh"
    assert step(specialist, "move", opinion="Hồ sơ hợp lệ", assignee="truongphong")["current_step"] == "xem-xet"
    assert step(head, "return_for_rework", reason="Bổ sung ý kiến")["current_step"] == "tham-dinh"
    step(specialist, "move", opinion="Đã bổ sung")
    assert step(head, "request_payment", amount=50000, reason="Phí cấp bản sao")["status"] == (
        states.Status.FINANCIAL_OBLIGATION)
    assert step(counter, "record_payment", amount=50000, method="cash", reference="BL-0001")["status"] == (
        states.Status.PROCESSING)
    new_due = dt.datetime.fromisoformat(dossier["due_at"]) + dt.timedelta(days=2)
    rescheduled = step(head, "reschedule", new_due_at=new_due.isoformat(), reason="Chờ xác minh")
    assert rescheduled["rescheduled"] and rescheduled["reschedule"]["reason"] == "Chờ xác minh"
    assert step(head, "move", to_step="ky-duyet")["current_step"] == "ky-duyet"
    # Signed and issued at the agency; the dossier then waits at the counter's return step.
    issued = step(leader, "issue_result", name="Phiếu lý lịch tư pháp", electronic=True)
    assert issued["result"]["electronic"] and issued["current_step"] == "tra-ket-qua"
    assert step(counter, "return_result", delivery="post")["result_delivery"] == "post"
    response = act(counter, code, "comment", text="Đã gọi điện báo công dân")
    assert response.status_code == 200 and response.data["events"][-1]["payload"] == {
        "text": "Đã gọi điện báo công dân"}

    withdrawn = justice_intake(counter, name="Đoàn Văn Tú")
    response = act(counter, withdrawn["code"], "withdraw", expected_version=withdrawn["version"], reason="Công dân rút")
    assert response.data["status"] == states.Status.WITHDRAWN
    stopped = justice_intake(counter, name="Hà Thị Xuân")
    response = act(leader, stopped["code"], "stop", expected_version=stopped["version"], reason="Giấy tờ giả")
    assert response.data["status"] == states.Status.STOPPED


def online_submission(name: str) -> Dossier:
    centre = ServiceCentre.objects.get(code=TAN_NINH_CENTRE)
    return services.submit_online(
        applicant_user=User.objects.get(username="congdan"), deciding_agency=centre.agency, receiving_centre=centre,
        procedure_version=Procedure.objects.get(base_code="1.001193").current_version,
        applicant={"name": name}, components=[{"name": "Tờ khai đăng ký khai sinh"}])


def test_online_dossiers_are_received_guided_or_refused_by_their_reference():
    counter = client_for("motcua.tanninh")
    submitted = online_submission("Phạm Văn Lộc")
    detail = counter.get(f"{LIST}{submitted.reference}/").data
    assert detail["code"] is None and detail["status"] == states.Status.SUBMITTED
    response = act(counter, str(submitted.reference), "receive", expected_version=detail["version"])
    assert response.status_code == 200 and response.data["code"].startswith(f"{TAN_NINH_CENTRE}-")
    assert counter.get(f"{LIST}{response.data['code']}/").data["reference"] == str(submitted.reference)

    incomplete = online_submission("Vũ Thị Thanh")
    response = act(counter, str(incomplete.reference), "guide", items=[{"name": "Giấy chứng sinh"}],
                   note="Nộp bổ sung qua cổng")
    assert response.status_code == 200 and response.data["events"][-1]["kind"] == "guided"
    response = act(counter, str(incomplete.reference), "refuse", reasons="Không thuộc thẩm quyền")
    assert response.data["status"] == states.Status.REFUSED


def test_a_stale_version_gets_409_with_what_changed_and_by_whom():
    counter = client_for("canbo.motcua")
    dossier = justice_intake(counter)
    assert act(counter, dossier["code"], "comment", text="Đã gọi điện").status_code == 200
    response = act(counter, dossier["code"], "withdraw", expected_version=dossier["version"], reason="Công dân rút")
    assert response.status_code == 409
    assert "changed meanwhile" in response.data["detail"] and "commented by Nguyễn Thị Lan" in response.data["detail"]
    assert response.data["detail"].code == "changed_meanwhile"
    assert Dossier.objects.get(code=dossier["code"]).status == states.Status.RECEIVED


def test_an_impossible_action_is_a_400_naming_the_field():
    counter = client_for("canbo.motcua")
    dossier = justice_intake(counter)
    code, version = dossier["code"], dossier["version"]
    assert act(counter, code, "withdraw", expected_version=version, reason="  ").data == {
        "reason": ["State the reason."]}
    response = act(client_for("chuyenvien"), code, "request_supplementation", reason="Thiếu", items=[])
    assert response.status_code == 400 and set(response.data) == {"items"}
    assert set(act(client_for("truongphong"), code, "move", to_step="khong-co").data) == {"to_step"}
    assert set(act(client_for("truongphong"), code, "assign", assignee="ai-do").data) == {"assignee"}
    response = act(counter, code, "return_result")  # not decided yet: no single field is at fault
    assert response.status_code == 400 and "non_field_errors" in response.data
    response = counter.post(LIST, intake_body(dossier["procedure_code"], JUSTICE) | {
        "applicant": {"name": "Trần Văn Bé", "id_number": "123"}}, format="json")
    assert response.status_code == 400 and set(response.data) == {"applicant.id_number"}
    response = counter.post(LIST, intake_body("9.999999", JUSTICE), format="json")
    assert response.status_code == 400 and set(response.data) == {"procedure"}
    assert Dossier.objects.get(code=code).version == version  # nothing changed


def test_read_but_not_act_is_403_outside_the_units_is_404_anonymous_is_401():
    dossier = justice_intake(client_for("canbo.motcua"))
    inspector, commune = client_for("thanhtra"), client_for("motcua.tanninh")
    assert inspector.get(f"{LIST}{dossier['code']}/").status_code == 200
    assert act(inspector, dossier["code"], "comment", text="Kiểm tra").status_code == 403
    assert commune.get(f"{LIST}{dossier['code']}/").status_code == 404
    assert act(commune, dossier["code"], "comment", text="?").status_code == 404
    assert act(commune, "000.00.20.H53-991231-9999", "comment", text="?").status_code == 404
    anonymous = APIClient().get(LIST)
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"
    # The intake of a commune counter officer at the provincial centre is refused by the service.
    response = commune.post(LIST, intake_body(dossier["procedure_code"], JUSTICE, receiving_centre=PROVINCE_CENTRE),
                            format="json")
    assert response.status_code == 403 and not Dossier.objects.filter(applicant_name="Nguyễn Văn An").exists()


def test_an_idempotency_key_of_a_dossier_outside_the_units_is_a_conflict():
    body = intake_body(Procedure.objects.get(base_code="1.001193").localised_code, "000.01.50.H53")
    first = client_for("motcua.tanninh").post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="kiosk-7-0001")
    assert first.status_code == 201
    replay = client_for("motcua.longan").post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="kiosk-7-0001")
    assert replay.status_code == 409 and Dossier.objects.count() == 1
    too_long = client_for("motcua.tanninh").post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert too_long.status_code == 400 and set(too_long.data) == {"Idempotency-Key"}


def test_session_login_works_for_pages_and_tokens_come_from_the_command():
    client = APIClient()
    client.force_login(User.objects.get(username="canbo.motcua"))
    assert client.get(LIST).status_code == 200
    out = StringIO()
    call_command("api", "token", "canbo.motcua", stdout=out)
    key = out.getvalue().strip()
    call_command("api", "token", "canbo.motcua", stdout=(again := StringIO()))
    assert again.getvalue().strip() == key and len(key) == 40
    call_command("api", "token", "canbo.motcua", "--rotate", stdout=(rotated := StringIO()))
    assert rotated.getvalue().strip() != key
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get(LIST).status_code == 401
    assert APIClient(HTTP_AUTHORIZATION=f"Token {rotated.getvalue().strip()}").get(LIST).status_code == 200
    with pytest.raises(CommandError):
        call_command("api", "token", "khong-co-ai")


# The list ---------------------------------------------------------------------------------------------------

@pytest.fixture
def mixed_dossiers():
    """Dossiers at the provincial centre (Justice, 10 days) and at Tân Ninh (birth registration, 1 working
    day), received on different days."""
    province_counter = User.objects.get(username="canbo.motcua")
    commune_counter = User.objects.get(username="motcua.tanninh")
    centre, commune_centre = ServiceCentre.objects.get(code=PROVINCE_CENTRE), ServiceCentre.objects.get(
        code=TAN_NINH_CENTRE)
    justice = Agency.objects.get(code=JUSTICE)
    justice_version = Procedure.objects.get(base_code="3.000333").current_version
    birth_version = Procedure.objects.get(base_code="1.001193").current_version
    made = {}
    plan = [
        ("old", dt.datetime(2026, 2, 2, 9, 0, tzinfo=TZ), province_counter, centre, justice, justice_version,
         "Đặng Thị Ngân"),
        ("recent", dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ), province_counter, centre, justice, justice_version,
         "Hồ Văn Sơn"),
        ("birth_yesterday", dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ), commune_counter, commune_centre,
         commune_centre.agency, birth_version, "Lý Thị Kim"),
        ("birth_today", dt.datetime(2026, 3, 10, 8, 0, tzinfo=TZ), commune_counter, commune_centre,
         commune_centre.agency, birth_version, "Châu Văn Đức"),
    ]
    for name, at, actor, where, agency, version, applicant in plan:
        with freeze_time(at):
            made[name] = services.receive(actor=actor, procedure_version=version, receiving_centre=where,
                                          deciding_agency=agency, applicant={"name": applicant},
                                          components=[{"name": "Tờ khai"}], channel=states.Channel.POST
                                          if name == "recent" else states.Channel.COUNTER)
    with freeze_time(dt.datetime(2026, 3, 3, 9, 0, tzinfo=TZ)):
        services.request_supplementation(actor=User.objects.get(username="chuyenvien"), dossier=made["recent"],
                                         items=[{"name": "Bản sao CCCD"}], reason="Thiếu")
    return made


def codes(response) -> list[str]:
    assert response.status_code == 200, response.data
    return [item["code"] for item in response.data["results"]]


def test_the_list_is_scoped_like_the_services(mixed_dossiers):
    made = mixed_dossiers
    # The provincial centre receives for every agency of the province, so it reads all their dossiers.
    assert len(codes(client_for("canbo.motcua").get(LIST))) == 4
    assert set(codes(client_for("chuyenvien").get(LIST))) == {made["old"].code, made["recent"].code}
    assert set(codes(client_for("motcua.tanninh").get(LIST))) == {made["birth_yesterday"].code,
                                                                   made["birth_today"].code}
    assert codes(client_for("motcua.longan").get(LIST)) == []
    assert len(codes(client_for("thanhtra").get(LIST))) == 4
    for user in User.objects.all():
        visible = set(dossiers_visible_to(user).values_list("pk", flat=True))
        for dossier in Dossier.objects.select_related("deciding_agency", "receiving_agency"):
            assert (dossier.pk in visible) == in_scope(user, dossier), (user.username, dossier.code)


@freeze_time(dt.datetime(2026, 3, 10, 10, 0, tzinfo=TZ))
def test_list_filters(mixed_dossiers):
    made = mixed_dossiers
    inspector = client_for("thanhtra")
    assert set(codes(inspector.get(LIST, {"status": [states.Status.SUPPLEMENTATION, states.Status.RECEIVED]}))) == {
        d.code for d in made.values()}
    assert codes(inspector.get(LIST, {"status": states.Status.SUPPLEMENTATION})) == [made["recent"].code]
    assert codes(inspector.get(LIST, {"channel": states.Channel.POST})) == [made["recent"].code]
    assert set(codes(inspector.get(LIST, {"procedure": "1.001193"}))) == {made["birth_yesterday"].code,
                                                                          made["birth_today"].code}
    localised = made["old"].procedure_version.procedure.localised_code
    assert set(codes(inspector.get(LIST, {"procedure": localised}))) == {made["old"].code, made["recent"].code}
    assert codes(inspector.get(LIST, {"received_from": "2026-03-02", "received_to": "2026-03-02"})) == [
        made["recent"].code]
    assert codes(inspector.get(LIST, {"received_from": "2026-03-09"})) == [made["birth_today"].code,
                                                                            made["birth_yesterday"].code]
    # Overdue: the birth registration of yesterday (1 working day) and the old Justice dossier (10 days).
    # Supplementation stops the clock: the recent one is neither overdue nor due soon.
    overdue = inspector.get(LIST, {"due": "overdue", "ordering": "due_at"})
    assert codes(overdue) == [made["old"].code, made["birth_yesterday"].code]
    assert {item["due_status"] for item in overdue.data["results"]} == {"overdue"}
    assert codes(inspector.get(LIST, {"due": "due_soon"})) == [made["birth_today"].code]
    by_due = codes(inspector.get(LIST, {"ordering": "-due_at"}))
    assert by_due[-1] == made["old"].code
    assert codes(inspector.get(LIST, {"q": "kim"})) == [made["birth_yesterday"].code]
    assert codes(inspector.get(LIST, {"q": made["old"].code[-11:]})) == [made["old"].code]
    bad = inspector.get(LIST, {"due": "soon", "status": 42, "received_from": "2026-03-10", "received_to": "2026-03-01"})
    assert bad.status_code == 400 and set(bad.data) == {"due", "status"}
    bad = inspector.get(LIST, {"received_from": "2026-03-10", "received_to": "2026-03-01"})
    assert bad.status_code == 400 and set(bad.data) == {"received_to"}


DETAIL_QUERIES = 6


@freeze_time(dt.datetime(2026, 3, 10, 10, 0, tzinfo=TZ))
def test_list_and_detail_run_a_constant_number_of_queries(mixed_dossiers, django_assert_num_queries):
    made = mixed_dossiers
    inspector = client_for("thanhtra")
    inspector.get(LIST)  # the scope and the working-day calendar are read once, then kept in the cache
    # token and user, the count and the page
    with django_assert_num_queries(3):
        assert len(codes(inspector.get(LIST, {"due": "overdue", "q": "H53", "ordering": "due_at"}))) == 2
    with django_assert_num_queries(3):
        assert len(codes(inspector.get(LIST))) == 4
    # token and user, the dossier with its one-to-one relations, then components, supplementations,
    # children, events (with their actors)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert len(inspector.get(f"{LIST}{made['old'].code}/").data["events"]) == 1
    counter = User.objects.get(username="canbo.motcua")
    for _ in range(6):  # more dossiers, more history on one of them
        services.comment(actor=counter, dossier=made["old"], text="Nhắc việc")
        services.receive(actor=counter, procedure_version=made["old"].procedure_version,
                         receiving_centre=made["old"].receiving_centre, deciding_agency=made["old"].deciding_agency,
                         applicant={"name": "Tạ Văn Nam"}, components=[{"name": "Tờ khai"}, {"name": "CCCD"}])
    with django_assert_num_queries(3):
        assert len(codes(inspector.get(LIST))) == 10
    with django_assert_num_queries(DETAIL_QUERIES):
        detail = inspector.get(f"{LIST}{made['old'].code}/")
    assert len(detail.data["events"]) == 7 and len(detail.data["components"]) == 1
