"""Writes for accounts: enrolling and confirming a second factor."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.core.events import record_event


@transaction.atomic
def totp_device_for_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (one per user), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, user, device: TOTPDevice, token: str) -> bool:
    """Confirms the device when the token matches; returns whether it did."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not locked.verify_token(token):
        return False
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    record_event(actor=user, kind="accounts.totp_confirmed", subject=user, payload={"device": locked.pk})
    return True
