"""The rule table and the log in the Django admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from motcua.notifications.models import Notification, NotificationRule
from motcua.notifications.sms import LoggingSmsBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.get(username="quantri"))
    return client


def test_the_seeded_rules_are_listed_and_edited_with_placeholder_checks(admin_client):
    response = admin_client.get(reverse("admin:notifications_notificationrule_changelist"))
    assert response.status_code == 200 and "Hồ sơ {code} đã được tiếp nhận" in response.content.decode()
    rule = NotificationRule.objects.get(event_kind="received", audience="applicant", channel="sms")
    url = reverse("admin:notifications_notificationrule_change", args=[rule.pk])
    data = {"event_kind": "received", "audience": "applicant", "channel": "sms", "subject": "", "active": "on",
            "body": "Hồ sơ {code} hẹn {ngay_hen}"}
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "{ngay_hen}" in response.content.decode()  # refused, shown
    data["body"] = "Hồ sơ {code} của {applicant_name} đã được tiếp nhận, hẹn trả kết quả {due}."
    assert admin_client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.body.startswith("Hồ sơ {code} của {applicant_name}")


def test_the_log_is_read_only_and_failed_messages_can_be_sent_again(admin_client,
                                                                     django_capture_on_commit_callbacks):
    LoggingSmsBackend.clear()
    failed = Notification.objects.create(kind="received", audience="applicant", channel="sms",
                                         recipient="84912345678", text="Hồ sơ X đã được tiếp nhận.",
                                         status="failed", attempts=7, error="TimeoutError", dedup_key="k" * 64)
    changelist = reverse("admin:notifications_notification_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist, {"action": "send_again", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 8)
    assert LoggingSmsBackend.sent[-1]["text"] == "Hồ sơ X đã được tiếp nhận."
    LoggingSmsBackend.clear()
