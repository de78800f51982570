import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.organizations.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_officer_logs_in_and_lands_in_the_workspace(client):
    response = client.post(reverse("accounts:login"), {"username": "canbo.motcua", "password": DEMO_PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspace:home")


def test_citizen_lands_on_the_portal(client):
    response = client.post(reverse("accounts:login"), {"username": "congdan", "password": DEMO_PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")


def test_repeated_failed_logins_lock_the_account(client, settings):
    url = reverse("accounts:login")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(url, {"username": "lanhdao", "password": "wrong-password-1"})
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    locked = client.post(url, {"username": "lanhdao", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_password_message_is_translated(client):
    response = client.post(reverse("accounts:login"), {"username": "lanhdao", "password": "x"},
                           HTTP_ACCEPT_LANGUAGE="vi")
    assert "mật khẩu chính xác" in response.content.decode()


@pytest.mark.parametrize("password", ["short1", "abcdefghijkl", "123456789012"])
def test_password_policy_refuses_weak_passwords(password):
    user = get_user_model().objects.get(username="lanhdao")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_password_policy_accepts_a_strong_password():
    validate_password("Tây-Ninh-2026-an-toàn", get_user_model().objects.get(username="lanhdao"))
