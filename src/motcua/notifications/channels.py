"""Channels behind one interface: each knows which address of a recipient it uses and how to send one
logged notification, returning the provider's message id. Zalo OA or a push channel is one more class
here and one more value of ``Channel`` in models.py."""

import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid

from . import sms
from .errors import DeliveryError, PermanentDeliveryError


@dataclass(frozen=True)
class Contact:
    """Who is addressed: a name and whatever addresses are known (empty when unknown)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    user_id: int | None = None


class BaseChannel:
    name = ""

    def address(self, contact: Contact) -> str:
        """The address this channel uses, '' when the contact has none."""
        raise NotImplementedError

    def normalise(self, address: str) -> str:
        """The address in the form the channel sends to; PermanentDeliveryError when it is unusable."""
        return address

    def send(self, *, recipient: str, subject: str, text: str, reference: str) -> str:
        """Sends and returns the provider's message id; DeliveryError / PermanentDeliveryError on failure."""
        raise NotImplementedError


class SmsChannel(BaseChannel):
    name = "sms"

    def address(self, contact: Contact) -> str:
        return contact.phone.strip()

    def normalise(self, address: str) -> str:
        return sms.normalise_phone(address)

    def send(self, *, recipient: str, subject: str, text: str, reference: str) -> str:
        return sms.send_sms(recipient, text)


class EmailChannel(BaseChannel):
    """E-mail through Django's configured backend (SMTP in production, console in dev, locmem in tests)."""

    name = "email"

    def address(self, contact: Contact) -> str:
        return contact.email.strip()

    def normalise(self, address: str) -> str:
        if "@" not in address or any(c.isspace() for c in address):
            raise PermanentDeliveryError(f"not an e-mail address: {address!r}")
        return address

    def send(self, *, recipient: str, subject: str, text: str, reference: str) -> str:
        message_id = make_msgid(idstring=reference)
        message = EmailMessage(subject=subject, body=text, from_email=settings.MOTCUA_NOTIFY_FROM_EMAIL,
                               to=[recipient], headers={"Message-ID": message_id})
        try:
            get_connection(fail_silently=False).send_messages([message])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            raise PermanentDeliveryError(str(exc)) from exc
        except (smtplib.SMTPException, OSError) as exc:  # connection refused, timeout, 4xx answers
            raise DeliveryError(str(exc)) from exc
        return message_id


CHANNELS: dict[str, BaseChannel] = {c.name: c for c in (SmsChannel(), EmailChannel())}


def get_channel(name: str) -> BaseChannel:
    return CHANNELS[name]
