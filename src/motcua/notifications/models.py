"""The rule table (event kind → template × channel) and the log of every notification."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import templating

# Dossier event kinds (DossierEvent.kind) worth telling someone about, and the two the deadline watch raises.
DEADLINE_DUE_SOON = "deadline_due_soon"
DEADLINE_OVERDUE = "deadline_overdue"
EVENT_KINDS = [
    ("received", _("Dossier received")),
    ("guided", _("Guidance on a missing document")),
    ("refused", _("Dossier refused")),
    ("supplementation_requested", _("Supplementation requested")),
    ("supplementation_received", _("Supplement received")),
    ("payment_requested", _("Payment requested")),
    ("payment_recorded", _("Payment recorded")),
    ("rescheduled", _("Rescheduled with an apology")),
    ("assigned", _("Dossier assigned")),
    ("result_issued", _("Result ready")),
    ("result_returned", _("Result returned")),
    ("withdrawn", _("Dossier withdrawn")),
    ("stopped", _("Processing stopped")),
    (DEADLINE_DUE_SOON, _("Deadline approaching")),
    (DEADLINE_OVERDUE, _("Deadline passed")),
]
TEST_KIND = "test"  # motcua send_test_notification (not a rule's event)


class Audience(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ASSIGNEE = "assignee", _("Assigned officer")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class NotificationRule(models.Model):
    """One row of the table "event kind → template × channel": when an event of ``event_kind`` happens to
    a dossier, ``audience`` gets ``body`` (with {placeholders} filled in) through ``channel``."""

    event_kind = models.CharField(_("event"), max_length=40, choices=EVENT_KINDS)
    audience = models.CharField(_("recipient"), max_length=20, choices=Audience.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("subject (e-mail)"), max_length=200, blank=True)
    body = models.TextField(_("text"), help_text=templating.HELP)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["event_kind", "audience", "channel"]
        constraints = [models.UniqueConstraint(fields=["event_kind", "audience", "channel"],
                                               name="notification_rule_kind_audience_channel")]

    def __str__(self) -> str:
        return f"{self.get_event_kind_display()} → {self.get_audience_display()} ({self.get_channel_display()})"

    def clean(self):
        errors = {}
        for field in ("subject", "body"):
            unknown = templating.unknown_placeholders(getattr(self, field))
            if unknown:
                errors[field] = gettext("Unknown placeholders: %(names)s. Available: %(available)s.") % {
                    "names": templating.braced(unknown),
                    "available": templating.braced(templating.PLACEHOLDERS)}
        if errors:
            raise ValidationError(errors)


class Notification(models.Model):
    """One message to one recipient through one channel: written as "queued" together with the event that
    caused it, then "sent" or, once every retry failed, "failed". ``dedup_key`` makes it unique per
    event (or deadline warning) × recipient × channel, so repeating an event never sends twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    dossier = models.ForeignKey("dossiers.Dossier", verbose_name=_("dossier"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    event = models.ForeignKey("dossiers.DossierEvent", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    rule = models.ForeignKey(NotificationRule, verbose_name=_("rule"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="notifications")
    kind = models.CharField(_("event"), max_length=40, choices=[*EVENT_KINDS, (TEST_KIND, _("Test message"))])
    audience = models.CharField(_("recipient"), max_length=20, choices=Audience.choices, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("address"), max_length=254)
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient account"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("message id"), max_length=200, blank=True)
    dedup_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.text[:60]}"
