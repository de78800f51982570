"""Login through OpenID Connect, end to end in a real Chromium against a real local provider
(django-oauth-toolkit mounted at /local-oidc/ in tests): discovery from the issuer alone, the
authorization code flow, the ID token checked against the provider's keys, the account linked to the
person's verified ID number; a second login finds the same account."""

import re

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts.models import OidcIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
User = get_user_model()


@pytest.fixture
def provider(live_server, settings):
    from oauth2_provider.models import Application

    Application.objects.create(
        name="motcua portal", client_id="motcua-portal", client_secret="portal-secret-for-tests",
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{live_server.url}/portal/oidc/callback/", algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True)
    settings.MOTCUA_OIDC_ISSUER = f"{live_server.url}/local-oidc"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "motcua-portal", "portal-secret-for-tests"
    # The person as the identity provider knows them (their account there, not a portal account).
    return User.objects.create_user(username="vneid.072090005555", password="Vneid-test-2025",
                                    full_name="Hoàng Thị Lan", personal_id="072090005555", email="lan@example.vn")


def log_in_with_oidc(page, live_server):
    page.goto(f"{live_server.url}/portal/login/")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    page.wait_for_url("**/accounts/login/**")  # the provider asks who the person is
    assert "/local-oidc/authorize/" in page.url
    page.get_by_label("Tên đăng nhập").fill("vneid.072090005555")
    page.get_by_label("Mật khẩu").fill("Vneid-test-2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/portal/dossiers/")


def counter_dossier(id_number: str):
    """A dossier the person filed at the counter before having any portal account."""
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers import services
    from motcua.organizations.models import Agency, ServiceCentre

    from .conftest import PROCEDURE

    return services.receive(
        actor=User.objects.get(username="canbo.motcua"),
        procedure_version=ProcedureVersion.objects.get(procedure__localised_code=PROCEDURE, status="published"),
        receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"),
        deciding_agency=Agency.objects.get(code="000.00.04.H53"),
        applicant={"name": "Hoàng Thị Lan", "id_number": id_number, "phone": "0905111222"})


def test_oidc_login_against_the_local_provider(page, live_server, provider, demo_data):
    earlier = counter_dossier("072090005555")
    log_in_with_oidc(page, live_server)
    assert page.get_by_role("link", name=earlier.procedure_version.name).is_visible()  # filed at the counter
    link = OidcIdentity.objects.select_related("user").get()
    assert link.issuer == f"{live_server.url}/local-oidc"
    user = link.user
    assert user != provider  # a portal account of its own, not the provider's
    assert (user.full_name, user.personal_id, user.email) == ("Hoàng Thị Lan", "072090005555", "lan@example.vn")
    assert user.identity_verified_at is not None and user.email_verified_at is not None
    assert page.get_by_role("heading", name="Hồ sơ của tôi").is_visible()
    assert "Hoàng Thị Lan" in page.locator(".who").inner_text()

    page.context.clear_cookies()
    log_in_with_oidc(page, live_server)
    assert OidcIdentity.objects.count() == 1
    assert User.objects.filter(personal_id="072090005555", identity_verified_at__isnull=False).get() == user


def test_a_login_without_a_verified_id_number_is_refused(page, live_server, provider):
    """The provider vouches for a person without an ID number: no portal account is made or logged in."""
    User.objects.filter(pk=provider.pk).update(personal_id="")
    page.goto(f"{live_server.url}/portal/oidc/start/")
    page.get_by_label("Tên đăng nhập").fill("vneid.072090005555")
    page.get_by_label("Mật khẩu").fill("Vneid-test-2025")
    page.get_by_role("button", name="Đăng nhập").click()
    # Refused: back to the portal's login page (which, here, sees the provider's own session: provider
    # and portal share one site in tests, so it may pass the person on as the provider's account).
    page.wait_for_url(re.compile(r".*/portal/(login|dossiers)/$"))
    assert not OidcIdentity.objects.exists()
    assert not User.objects.filter(username__startswith="oidc-").exists()
