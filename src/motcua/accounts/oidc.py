"""Login through an OpenID Connect provider (the national SSO / VNeID side), as a relying party built on
mozilla-django-oidc. Only the issuer is configured (MOTCUA_OIDC_ISSUER): its endpoints come from the
provider's discovery document. A login is linked to one account by (issuer, subject); the first time, an
existing citizen account with the same verified ID number is linked, else one is created. The provider
has verified the person's identity, so the account's ID number counts as verified: the person's earlier
dossiers and vault documents appear."""

import logging
import time

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.core.events import record_event

from .models import OidcIdentity, User

logger = logging.getLogger("motcua.accounts.oidc")
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def enabled() -> bool:
    return bool(settings.MOTCUA_OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def issuer() -> str:
    return settings.MOTCUA_OIDC_ISSUER.rstrip("/")


def discovery() -> dict:
    """The provider's discovery document (cached for an hour); its issuer must be the configured one."""
    key = f"motcua.oidc.discovery:{issuer()}"
    document = cache.get(key)
    if document is None:
        response = requests.get(f"{issuer()}/.well-known/openid-configuration",
                                timeout=settings.MOTCUA_CLAMD_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer():
            raise ImproperlyConfigured(f"the provider says its issuer is {document.get('issuer')!r}, not {issuer()!r}")
        cache.set(key, document, 3600)
    return document


def _setting(attr, *args):
    if attr in ENDPOINTS and not getattr(settings, attr, "") and settings.MOTCUA_OIDC_ISSUER:
        return discovery()[ENDPOINTS[attr]]
    return import_from_settings(attr, *args)


class OidcBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(_setting)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("ID token from another issuer")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if int(payload.get("exp", 0)) < time.time():
            raise SuspiciousOperation("ID token expired")
        self._id_token_subject = payload.get("sub")
        return payload

    def verify_claims(self, claims):
        subject = claims.get("sub")
        if not subject or (getattr(self, "_id_token_subject", subject) != subject):
            return False
        return bool(self.id_number(claims))

    @staticmethod
    def id_number(claims) -> str:
        value = str(claims.get(settings.MOTCUA_OIDC_ID_NUMBER_CLAIM) or "").strip()
        return value if value.isdigit() and len(value) == 12 else ""

    def filter_users_by_claims(self, claims):
        link = OidcIdentity.objects.filter(issuer=issuer(), subject=claims["sub"]).select_related("user").first()
        if link is not None:
            return [link.user] if link.user.is_active else []
        # An account whose ID number a provider has already verified (another issuer) is the same person.
        # A local account's self-declared number is never enough: that would hand the person's identity
        # to whoever typed it first.
        matches = list(User.objects.filter(personal_id=self.id_number(claims), identity_verified_at__isnull=False,
                                           is_staff=False, is_superuser=False, memberships__isnull=True,
                                           is_active=True)[:2])
        return matches if len(matches) == 1 else []

    @transaction.atomic
    def create_user(self, claims):
        user = User.objects.create_user(username=f"oidc-{get_random_string(12).lower()}", email="")
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        now = timezone.now()
        user.full_name = str(claims.get("name") or user.full_name)[:200]
        user.personal_id = self.id_number(claims)
        user.account_kind = user.account_kind or "citizen"
        user.identity_verified_at = user.identity_verified_at or now
        if claims.get("email") and claims.get("email_verified"):
            user.email, user.email_verified_at = claims["email"], now
        if claims.get("phone_number") and claims.get("phone_number_verified"):
            user.phone, user.phone_verified_at = str(claims["phone_number"])[:16], now
        user.save()
        link, created = OidcIdentity.objects.get_or_create(issuer=issuer(), subject=claims["sub"],
                                                           defaults={"user": user})
        link.claims = {k: v for k, v in claims.items() if k != "sub"}
        link.last_login_at = now
        link.save()
        if created:
            record_event(actor=user, kind="accounts.oidc_linked", subject=user, payload={"issuer": issuer()})
        return user


class LoginStartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(_setting)


class LoginCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(_setting)
    failure_url = "/portal/login/"

    def login_success(self):
        # Logging in a different account flushes the session, and the page asked for with it: keep it.
        self._next = self.request.session.get("oidc_login_next")
        return super().login_success()

    @property
    def success_url(self):
        return getattr(self, "_next", None) or self.request.session.get("oidc_login_next") or "/portal/dossiers/"
