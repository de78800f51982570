"""Local citizen and organisation accounts: registration, the code by e-mail or SMS, wrong and expired
codes; the portal's login page."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from motcua.accounts.models import VerificationCode
from motcua.notifications.sms import LoggingSmsBackend

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _send_on_commit(monkeypatch):
    """The code is sent once the registration commits; the test's transaction never does, so send at once."""
    from types import SimpleNamespace

    from django.db import transaction

    monkeypatch.setattr("motcua.accounts.registration.transaction",
                        SimpleNamespace(on_commit=lambda callback: callback(), atomic=transaction.atomic))


def register(client, **overrides):
    data = {"kind": "citizen", "full_name": "Phạm Minh Đức", "personal_id": "072090004321", "channel": "email",
            "email": "duc@example.vn", "phone": "", "password1": "Tay-ninh-2025x", "password2": "Tay-ninh-2025x"}
    data.update(overrides)
    return client.post(reverse("portal:register"), data)


def six_digits(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def code_from_mail() -> str:
    return six_digits(mail.outbox[-1].body)


def test_register_by_email_then_verify(client):
    response = register(client)
    assert response.status_code == 302 and response["Location"] == reverse("portal:verify")
    user = User.objects.get(email="duc@example.vn")
    assert not user.is_active and user.account_kind == "citizen"
    refused = client.post(reverse("portal:login"), {"username": "duc@example.vn", "password": "Tay-ninh-2025x"})
    assert refused.status_code == 200 and refused.context["form"].errors
    wrong = client.post(reverse("portal:verify"), {"code": "000000" if code_from_mail() != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    ok = client.post(reverse("portal:verify"), {"code": code_from_mail()})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at and not user.identity_verified_at
    assert client.get(reverse("portal:dossiers")).status_code == 200


def test_register_an_organisation_by_phone(client):
    LoggingSmsBackend.clear()
    response = register(client, kind="organisation", personal_id="", organisation_name="Công ty TNHH Mai Linh",
                        organisation_code="3900123456", channel="phone", email="", phone="0987654321")
    assert response.status_code == 302
    sms = LoggingSmsBackend.sent[-1]
    assert sms["phone"] == "84987654321"
    code = six_digits(sms["text"])
    assert client.post(reverse("portal:verify"), {"code": code}).status_code == 302
    user = User.objects.get(phone="0987654321")
    assert user.is_active and user.phone_verified_at and user.organisation_code == "3900123456"


def test_registration_errors_name_their_fields(client):
    register(client)
    response = register(client, full_name="", personal_id="123", password2="other", email="duc@example.vn")
    errors = response.context["form"].errors
    assert {"full_name", "personal_id", "password2", "email"} <= set(errors)
    org = register(client, kind="organisation", personal_id="", organisation_code="12", channel="phone", phone="")
    assert {"organisation_name", "organisation_code", "phone"} <= set(org.context["form"].errors)


def test_codes_expire_and_attempts_are_limited(client, settings):
    register(client)
    code = code_from_mail()
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=settings.MOTCUA_VERIFICATION_CODE_MINUTES + 1)):
        expired = client.post(reverse("portal:verify"), {"code": code})
    assert "hết hạn" in str(expired.context["form"].errors["code"])
    client.post(reverse("portal:verify_resend"))
    fresh = code_from_mail()
    wrong = "000000" if fresh != "000000" else "111111"
    for _ in range(settings.MOTCUA_VERIFICATION_MAX_ATTEMPTS):
        client.post(reverse("portal:verify"), {"code": wrong})
    blocked = client.post(reverse("portal:verify"), {"code": fresh})
    assert blocked.status_code == 200 and not User.objects.get(email="duc@example.vn").is_active
    assert VerificationCode.objects.filter(used_at__isnull=True).count() == 1


def test_login_page_offers_the_national_identity_when_configured(client, settings):
    assert "oidc/start" not in client.get(reverse("portal:login")).content.decode()
    settings.MOTCUA_OIDC_ISSUER, settings.OIDC_RP_CLIENT_ID = "https://sso.example.vn", "motcua"
    assert "oidc/start" in client.get(reverse("portal:login")).content.decode()
