import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def enforced(settings):
    settings.MOTCUA_OFFICER_2FA_REQUIRED = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_officer_is_sent_to_enrolment_when_two_factor_is_required(client, enforced):
    client.force_login(User.objects.get(username="canbo.motcua"))
    response = client.get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content


def test_officer_enrols_with_a_valid_code_and_reaches_the_workspace(client, enforced):
    officer = User.objects.get(username="canbo.motcua")
    client.force_login(officer)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(reverse("accounts:two_factor") + "?next=/workspace/",
                           {"otp_token": current_code(device)})
    assert response.status_code == 302 and response["Location"] == "/workspace/"
    assert client.get(reverse("workspace:home")).status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_wrong_code_is_refused_with_a_message_naming_the_field(client, enforced):
    officer = User.objects.get(username="canbo.motcua")
    TOTPDevice.objects.create(user=officer, name="TOTP", confirmed=True)
    client.force_login(officer)
    response = client.post(reverse("accounts:two_factor"), {"otp_token": "000000"},
                           HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert "otp_token" in response.context["form"].errors
    assert client.get(reverse("workspace:home")).status_code == 302


def test_malformed_code_is_refused(client, enforced):
    client.force_login(User.objects.get(username="canbo.motcua"))
    response = client.post(reverse("accounts:two_factor"), {"otp_token": "12ab"})
    assert response.context["form"].errors["otp_token"]


def test_session_api_calls_need_the_second_factor_too(client, enforced):
    client.force_login(User.objects.get(username="canbo.motcua"))
    assert client.get("/api/v1/agencies/").status_code == 403


def test_citizen_is_not_asked_for_a_second_factor(client, enforced):
    client.force_login(User.objects.get(username="congdan"))
    assert client.get(reverse("portal:home")).status_code == 200


def test_officer_without_enforcement_goes_straight_in(client):
    client.force_login(User.objects.get(username="canbo.motcua"))
    assert client.get(reverse("workspace:home")).status_code == 200


def test_existing_device_code_from_a_previous_step_still_accepted(client, enforced):
    officer = User.objects.get(username="chuyenvien")
    device = TOTPDevice.objects.create(user=officer, name="TOTP", confirmed=True, tolerance=1)
    client.force_login(officer)
    previous = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=-1):06d}"
    if int(time.time()) % device.step > device.step - 2:
        time.sleep(2)
    response = client.post(reverse("accounts:two_factor"), {"otp_token": previous})
    assert response.status_code == 302
