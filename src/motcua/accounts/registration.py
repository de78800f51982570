"""Local citizen and organisation accounts for development and small deployments: registration, then a
6-digit code sent to the e-mail address or the phone proves the contact is the person's; only then is
the account active. The code is stored hashed, expires, and allows a few attempts."""

import datetime as dt
import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.core.events import record_event

from .models import User, VerificationCode


class VerificationError(Exception):
    pass


def _username(contact: str) -> str:
    return f"u-{secrets.token_hex(6)}" if not contact else contact.lower()[:150]


@transaction.atomic
def register(*, kind: str, full_name: str, contact_channel: str, contact: str, password: str,
             personal_id: str = "", organisation_name: str = "", organisation_code: str = "") -> User:
    """An inactive account and a code on its way. ``contact`` is the e-mail address or the phone number."""
    user = User(username=_username(contact), full_name=full_name.strip(), account_kind=kind,
                personal_id=personal_id.strip(), organisation_name=organisation_name.strip(),
                organisation_code=organisation_code.strip(), is_active=False)
    if contact_channel == "email":
        user.email = contact.strip().lower()
    else:
        user.phone = contact.strip()
    user.set_password(password)
    user.save()
    record_event(actor=None, kind="accounts.registered", subject=user, payload={"channel": contact_channel})
    send_code(user=user, channel=contact_channel)
    return user


def international(phone: str) -> str:
    """'0912 345 678' or '+84912345678' -> '84912345678', the form SMS backends take."""
    digits = re.sub(r"\D", "", phone or "")
    return "84" + digits[1:] if digits.startswith("0") else digits


def _sms_backend():
    # The SMS backend configured for notifications (MOTCUA_SMS_BACKEND), loaded by its path like any backend.
    return import_string(settings.MOTCUA_SMS_BACKEND)()


@transaction.atomic
def send_code(*, user: User, channel: str) -> VerificationCode:
    code = f"{secrets.randbelow(10**6):06d}"
    target = user.email if channel == "email" else user.phone
    VerificationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    item = VerificationCode.objects.create(
        user=user, channel=channel, target=target, code_hash=make_password(code),
        expires_at=timezone.now() + dt.timedelta(minutes=settings.MOTCUA_VERIFICATION_CODE_MINUTES))
    text = _("Your motcua verification code is %(code)s. It is valid for %(minutes)s minutes.") % {
        "code": code, "minutes": settings.MOTCUA_VERIFICATION_CODE_MINUTES}
    if channel == "email":
        transaction.on_commit(lambda: send_mail(_("Your verification code"), text, None, [target]))
    else:
        transaction.on_commit(lambda: _sms_backend().send(international(target), text))
    return item


def verify(*, user: User, code: str) -> User:
    """Activates the account when ``code`` is the latest one sent and still valid. A wrong try is counted
    (committed) before the error is raised."""
    error = _check(user=user, code=code)
    if error:
        raise VerificationError(error)
    return user


@transaction.atomic
def _check(*, user: User, code: str) -> str:
    item = (VerificationCode.objects.select_for_update().filter(user=user, used_at__isnull=True)
            .order_by("-created_at").first())
    if item is None or item.expires_at < timezone.now():
        return _("The code has expired. Ask for a new one.")
    if item.attempts >= settings.MOTCUA_VERIFICATION_MAX_ATTEMPTS:
        return _("Too many wrong codes. Ask for a new one.")
    item.attempts += 1
    if not (code.isdigit() and check_password(code, item.code_hash)):
        item.save(update_fields=["attempts"])
        return _("The code is wrong.")
    now = timezone.now()
    item.used_at = now
    item.save(update_fields=["attempts", "used_at"])
    user.is_active = True
    if item.channel == "email":
        user.email_verified_at = now
    else:
        user.phone_verified_at = now
    user.save(update_fields=["is_active", "email_verified_at", "phone_verified_at"])
    record_event(actor=user, kind="accounts.contact_verified", subject=user, payload={"channel": item.channel})
    return ""


