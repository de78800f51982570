"""motcua send_test_notification: sends one test message through the configured channels, the way a
dossier's notifications go (the log, then the Celery task), to check an SMS gateway, SMTP or a worker."""

import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import services
from ...channels import get_channel
from ...errors import PermanentDeliveryError
from ...models import TEST_KIND, Notification


class Command(BaseCommand):
    help = _("Sends a test message by SMS and/or e-mail through the notification log and the Celery task.")

    def add_arguments(self, parser):
        parser.add_argument("--sms", default="", help=_("Mobile number, e.g. 0912345678."))
        parser.add_argument("--email", default="", help=_("E-mail address."))
        parser.add_argument("--text", default="Tin nhắn thử của hệ thống một cửa điện tử.")
        parser.add_argument("--wait", type=float, default=0,
                            help=_("Seconds to wait for a worker to send them (0: do not wait)."))

    def handle(self, *args, sms="", email="", text="", wait=0, **options):
        if not sms and not email:
            raise CommandError(_("Give --sms or --email (or both)."))
        created = []
        for channel, address in (("sms", sms), ("email", email)):
            if not address:
                continue
            try:
                address = get_channel(channel).normalise(address)
            except PermanentDeliveryError as exc:
                raise CommandError(str(exc)) from exc
            created.append(Notification.objects.create(
                kind=TEST_KIND, channel=channel, recipient=address, subject=text[:200], text=text,
                dedup_key=uuid.uuid4().hex))
        services.enqueue([n.pk for n in created])
        deadline = time.monotonic() + wait
        while True:
            rows = list(Notification.objects.filter(pk__in=[n.pk for n in created]).order_by("pk"))
            if all(n.status != Notification.Status.QUEUED for n in rows) or time.monotonic() >= deadline:
                break
            time.sleep(0.5)
        for n in rows:
            self.stdout.write(f"#{n.pk} {n.channel} → {n.recipient}: {n.status}, attempts {n.attempts}, "
                              f"id {n.provider_message_id or '-'} {n.error}".rstrip())
