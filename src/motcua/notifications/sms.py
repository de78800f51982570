"""Sending SMS: one small interface, chosen in settings (MOTCUA_SMS_BACKEND).

A backend has one method, ``send(phone, text) -> message id``: ``phone`` is a Vietnamese mobile number in
international form without "+" (84912345678), ``text`` the message. It raises
:class:`~motcua.notifications.errors.DeliveryError` for a failure worth retrying (timeout, gateway busy)
and :class:`~motcua.notifications.errors.PermanentDeliveryError` for one that is not (number rejected,
template not registered). A real brandname gateway (Viettel, VNPT, MobiFone or an aggregator) is one class
of this shape reading its account from settings or the environment; see docs/operations.md.

Only the local :class:`LoggingSmsBackend` is shipped: it sends nothing.
"""

import itertools
import logging
import re
import threading
import unicodedata

from django.conf import settings
from django.utils.module_loading import import_string

from .errors import PermanentDeliveryError

logger = logging.getLogger("motcua.notifications.sms")

# Mobile numbers: 03x, 05x, 07x, 08x, 09x followed by 8 digits (the 10-digit plan in force since 2018).
_MOBILE = re.compile(r"^84[35789]\d{8}$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalise_phone(raw: str) -> str:
    """'0912 345 678', '+84 912.345.678', '84912345678' -> '84912345678'. Raises PermanentDeliveryError for
    anything that is not a Vietnamese mobile number (landlines cannot receive SMS)."""
    phone = _SEPARATORS.sub("", raw or "")
    if phone.startswith("+"):
        phone = phone[1:]
    if phone.startswith("0"):
        phone = "84" + phone[1:]
    if not _MOBILE.match(phone):
        raise PermanentDeliveryError(f"not a Vietnamese mobile number: {raw!r}")
    return phone


_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """'Hồ sơ đã được tiếp nhận' -> 'Ho so da duoc tiep nhan' (case kept): for gateways or handsets that only
    take GSM 7-bit text, where a message with diacritics costs about twice as many segments."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


class SmsBackend:
    """The interface of every SMS backend."""

    def send(self, phone: str, text: str) -> str:
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    """Local backend for development and tests: sends nothing, logs each message and keeps it in
    ``LoggingSmsBackend.sent`` (a list shared by every instance in the process, the last KEEP messages;
    ``clear()`` empties it)."""

    KEEP = 1000
    sent: list[dict] = []
    _ids = itertools.count(1)
    _lock = threading.Lock()

    def send(self, phone: str, text: str) -> str:
        with self._lock:
            message_id = f"local-{next(self._ids)}"
            self.sent.append({"phone": phone, "text": text, "id": message_id})
            del self.sent[:-self.KEEP]
        logger.info("SMS not sent (local logging backend) id=%s to=%s: %s", message_id, phone, text)
        return message_id

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls.sent.clear()


_backends: dict[str, SmsBackend] = {}


def get_backend(path: str | None = None) -> SmsBackend:
    """The configured backend (one instance per process and dotted path)."""
    path = path or settings.MOTCUA_SMS_BACKEND
    backend = _backends.get(path)
    if backend is None:
        backend = _backends[path] = import_string(path)()
    return backend


def send_sms(phone: str, text: str) -> str:
    if settings.MOTCUA_SMS_STRIP_DIACRITICS:
        text = strip_diacritics(text)
    return get_backend().send(normalise_phone(phone), text)
