"""Dossier actions through the services → the rule table → the log → Celery (eager here) → the channels."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from freezegun import freeze_time

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notifications import services as notify
from motcua.notifications.models import Notification, NotificationRule
from motcua.notifications.sms import SmsBackend
from motcua.notifications.tasks import send_notification

from .conftest import APPLICANT, MONDAY_9, TZ

pytestmark = pytest.mark.django_db


def receive(counter, centre, version, **applicant):
    return services.receive(actor=counter, procedure_version=version, receiving_centre=centre,
                            deciding_agency=centre.agency, applicant={**APPLICANT, **applicant},
                            components=[{"name": "Tờ khai"}])


def test_receipt_queues_then_sends_one_sms_and_one_email(counter, centre, version, sms_sent, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    with freeze_time(MONDAY_9), django_capture_on_commit_callbacks(execute=False) as callbacks:
        dossier = receive(counter, centre, version)
    # Written with the event, in its transaction: queued, nothing sent before the commit.
    log = {n.channel: n for n in Notification.objects.filter(dossier=dossier)}
    assert set(log) == {"sms", "email"}
    assert {n.status for n in log.values()} == {"queued"} and {n.attempts for n in log.values()} == {0}
    assert sms_sent == [] and mailoutbox == []

    for callback in callbacks:  # the commit: the Celery tasks run (eagerly)
        callback()
    due = "09:00 ngày 10/03/2026"  # 1 working day after Monday 09:00, in Vietnam's time
    assert dossier.due_at.astimezone(TZ) == dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ)
    assert sms_sent == [{"phone": "84912345678", "id": sms_sent[0]["id"],
                         "text": f"Hồ sơ {dossier.code} đã được tiếp nhận, hẹn trả kết quả {due}."}]
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["an.nguyen@example.vn"]
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert dossier.code in email.body and due in email.body and "Nguyễn Văn An" in email.body
    assert centre.name in email.body and version.name in email.body
    for n in Notification.objects.filter(dossier=dossier):
        assert (n.status, n.attempts, n.error) == ("sent", 1, "")
        assert n.sent_at is not None and n.provider_message_id and n.event.kind == "received"
    assert Notification.objects.get(channel="sms").provider_message_id == sms_sent[0]["id"]
    assert email.extra_headers["Message-ID"] == Notification.objects.get(channel="email").provider_message_id


class FlakySms(SmsBackend):
    """Fails the first two sends, then works."""

    calls = itertools.count()
    sent = []

    def send(self, phone, text):
        if next(self.calls) < 2:
            raise TimeoutError("gateway timed out")
        self.sent.append((phone, text))
        return "gw-42"


class BrokenSms(SmsBackend):
    def send(self, phone, text):
        raise ConnectionRefusedError("gateway down")


def test_a_failing_backend_is_retried_until_it_succeeds(counter, centre, version, settings, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.FlakySms"
    FlakySms.calls, FlakySms.sent = itertools.count(), []
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(counter, centre, version)
    sms = Notification.objects.get(dossier=dossier, channel="sms")
    assert (sms.status, sms.attempts, sms.provider_message_id, sms.error) == ("sent", 3, "gw-42", "")
    assert FlakySms.sent == [("84912345678", sms.text)]
    assert Notification.objects.get(dossier=dossier, channel="email").attempts == 1  # not affected
    assert len(mailoutbox) == 1


def test_every_attempt_failing_ends_failed_with_the_error_kept(counter, centre, version, settings,
                                                               django_capture_on_commit_callbacks):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.BrokenSms"
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(counter, centre, version)
    sms = Notification.objects.get(dossier=dossier, channel="sms")
    assert sms.status == "failed" and sms.attempts == send_notification.max_retries + 1
    assert sms.error == "ConnectionRefusedError: gateway down" and sms.sent_at is None
    # An administrator fixes the gateway and sends it again.
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.LoggingSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert notify.resend(actor=None, notifications=[sms]) == 1
    sms.refresh_from_db()
    assert sms.status == "sent" and sms.error == ""


def test_a_repeated_event_or_task_does_not_send_twice(counter, centre, version, sms_sent, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(counter, centre, version)
    event = dossier.events.get(kind="received")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_save.send(sender=DossierEvent, instance=event, created=True)  # the same event announced again
    assert callbacks == [] and Notification.objects.filter(dossier=dossier).count() == 2
    for n in Notification.objects.filter(dossier=dossier):
        send_notification.delay(n.pk)  # a task delivered twice by the broker
    assert len(sms_sent) == 1 and len(mailoutbox) == 1


def test_the_same_counter_intake_submitted_twice_notifies_once(counter, centre, version, sms_sent,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.receive(actor=counter, procedure_version=version, receiving_centre=centre,
                                 deciding_agency=centre.agency, applicant=APPLICANT, components=[],
                                 idempotency_key="quay-1-abc")
        again = services.receive(actor=counter, procedure_version=version, receiving_centre=centre,
                                 deciding_agency=centre.agency, applicant=APPLICANT, components=[],
                                 idempotency_key="quay-1-abc")
    assert first.pk == again.pk and len(sms_sent) == 1


def test_the_journey_tells_the_applicant_and_the_assignee(counter, centre, version, specialist, sms_sent, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with freeze_time(MONDAY_9):
            dossier = receive(counter, centre, version, email="")  # SMS only from here on
            dossier = services.assign(actor=counter, dossier=dossier, assignee=specialist)
        with freeze_time(MONDAY_9 + dt.timedelta(hours=1)):
            services.request_supplementation(actor=specialist, dossier=dossier, reason="Ảnh mờ",
                                              items=[{"name": "Bản sao giấy khai sinh"}, {"name": "Ảnh 4x6"}])
        with freeze_time(MONDAY_9 + dt.timedelta(hours=2)):
            dossier = services.receive_supplementation(actor=counter, dossier=Dossier.objects.get(pk=dossier.pk))
            services.reschedule(actor=specialist, dossier=dossier, reason="Chờ xác minh",
                                new_due_at=dt.datetime(2026, 3, 12, 16, 0, tzinfo=TZ))
        with freeze_time(MONDAY_9 + dt.timedelta(hours=3)):
            dossier = Dossier.objects.get(pk=dossier.pk)
            for _step in range(3):
                dossier = services.move(actor=specialist, dossier=dossier, assignee=specialist)
            dossier = services.issue_result(actor=specialist, dossier=dossier, name="Trích lục")
            services.return_result(actor=counter, dossier=dossier)

    texts = [s["text"] for s in sms_sent]
    code = dossier.code
    assert texts[0].startswith(f"Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả 09:00 ngày 10/03/2026")
    assert texts[1] == (f"Hồ sơ {code} cần bổ sung: Bản sao giấy khai sinh; Ảnh 4x6. Lý do: Ảnh mờ. "
                        "Đề nghị ông/bà bổ sung để tiếp tục giải quyết.")
    assert texts[2].startswith(f"Xin lỗi ông/bà: hồ sơ {code} chưa giải quyết kịp hẹn ")
    assert "Hẹn trả kết quả mới: 16:00 ngày 12/03/2026. Lý do: Chờ xác minh." in texts[2]
    assert texts[3].startswith(f"Hồ sơ {code} đã có kết quả giải quyết. Mời ông/bà nhận kết quả tại {centre.name}")
    assert texts[4].startswith(f"Hồ sơ {code} đã được trả kết quả.")
    assert len(texts) == 5 and {s["phone"] for s in sms_sent} == {"84912345678"}
    # The officer hears about the assignment once, by e-mail (officers' SMS rules are seeded off); being
    # handed the dossier by themselves at each move is not news.
    assert [m.to for m in mailoutbox] == [["chuyenvien@tanninh.example.vn"]]
    assert mailoutbox[0].subject == f"Phân công xử lý hồ sơ {code}"
    assert "Lê Văn Chuyên" in mailoutbox[0].body and "Thẩm định hồ sơ" in mailoutbox[0].body
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_inter_agency_child_dossiers_do_not_message_the_applicant(counter, centre, version, sms_sent,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        parent = receive(counter, centre, version)
    child = Dossier.objects.create(
        status=2, channel=1, procedure_version=version, receiving_agency=centre.agency,
        deciding_agency=centre.agency, applicant=parent.applicant, applicant_name=parent.applicant_name,
        applicant_phone=parent.applicant_phone, parent=parent, calendar_code="VN", code="CHILD-1")
    with django_capture_on_commit_callbacks(execute=True):
        services.core.record(child, kind="received", actor=counter, from_status=None, payload={"code": "CHILD-1"})
    assert len(sms_sent) == 1 and not Notification.objects.filter(dossier=child).exists()


def test_an_applicant_without_a_mobile_number(counter, centre, version, sms_sent, mailoutbox,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        no_phone = receive(counter, centre, version, phone="", email="")
        landline = receive(counter, centre, version, phone="028 3829 6052", email="")
    assert not Notification.objects.filter(dossier=no_phone).exists()  # nobody to write to
    failed = Notification.objects.get(dossier=landline)  # logged, so that the desk sees it was not sent
    assert failed.status == "failed" and "mobile" in failed.error and failed.attempts == 0
    assert sms_sent == [] and mailoutbox == []


def test_switched_off_rules_and_the_master_switch(counter, centre, version, settings, sms_sent,
                                                  django_capture_on_commit_callbacks):
    NotificationRule.objects.filter(event_kind="received", channel="email").update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        first = receive(counter, centre, version)
    assert list(Notification.objects.filter(dossier=first).values_list("channel", flat=True)) == ["sms"]
    settings.MOTCUA_NOTIFY_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        second = receive(counter, centre, version)
    assert not Notification.objects.filter(dossier=second).exists() and len(sms_sent) == 1


def test_stale_queued_notifications_are_queued_again(counter, centre, version, sms_sent, settings,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down: nothing handed over
        dossier = receive(counter, centre, version)
    assert notify.requeue_stale() == 0  # too recent: may still be on its way
    Notification.objects.filter(dossier=dossier).update(updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert notify.requeue_stale() == 2
    assert set(Notification.objects.filter(dossier=dossier).values_list("status", flat=True)) == {"sent"}
    assert len(sms_sent) == 1


def test_rule_templates_accept_only_known_placeholders():
    rule = NotificationRule(event_kind="received", audience="applicant", channel="sms",
                            body="Hồ sơ {code} hẹn {due} {code.__class__} {secret}")
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "{secret}" in str(error.value)
    from motcua.notifications.templating import render

    # Attribute access is never evaluated: only bare names are placeholders.
    assert render(rule.body, {"code": "X-1", "due": "hôm nay"}) == "Hồ sơ X-1 hẹn hôm nay {code.__class__} {secret}"


def test_phone_numbers_and_diacritics():
    from motcua.notifications.errors import PermanentDeliveryError
    from motcua.notifications.sms import normalise_phone, strip_diacritics

    for raw in ("0912345678", "0912 345 678", "+84 912.345.678", "84912345678", "(091) 234-5678"):
        assert normalise_phone(raw) == "84912345678"
    for raw in ("0283829605", "02838296052", "091234567", "abc", ""):
        with pytest.raises(PermanentDeliveryError):
            normalise_phone(raw)
    assert strip_diacritics("Hồ sơ ĐÃ được tiếp nhận") == "Ho so DA duoc tiep nhan"
