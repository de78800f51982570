"""Planning notifications (which messages an event or a deadline warning causes, written to the log) and
delivering one logged notification. Planning runs inside the transaction of the dossier action, so the
log holds a "queued" row for every message as soon as the action commits (the outbox): a broker that is
down or a worker that dies loses nothing, the requeue job sends it later."""

import datetime as dt
import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from motcua.core import generations
from motcua.core.events import record_event
from motcua.dossiers.models import Dossier

from . import templating
from .channels import Contact, get_channel
from .errors import DeliveryError, PermanentDeliveryError
from .models import DEADLINE_DUE_SOON, DEADLINE_OVERDUE, Audience, Notification, NotificationRule

logger = logging.getLogger("motcua.notifications")

# ------------------------------------------------------------------ who and what


def applicant_contact(dossier: Dossier) -> Contact | None:
    """The applicant as given on the dossier, completed from their account. None for a linked child
    dossier: the inter-agency leg is the agencies' business, the applicant hears about the parent."""
    if dossier.parent_id:
        return None
    data = dossier.applicant if isinstance(dossier.applicant, dict) else {}
    phone, email = dossier.applicant_phone or data.get("phone") or "", data.get("email") or ""
    if (not phone or not email) and dossier.applicant_user_id:
        user = dossier.applicant_user
        phone, email = phone or user.phone, email or user.email
    return Contact(name=dossier.applicant_name, phone=phone or "", email=email or "",
                   user_id=dossier.applicant_user_id)


def user_contact(user) -> Contact | None:
    if user is None or not user.is_active:
        return None
    return Contact(name=user.get_full_name() or user.get_username(), phone=user.phone or "",
                   email=user.email or "", user_id=user.pk)


def dossier_context(dossier: Dossier, payload: dict | None = None) -> dict:
    """The placeholder values of a message about ``dossier``; the event's payload wins over the dossier's
    current fields, so a message sent late still says what was true when the event happened."""
    payload = payload or {}
    place = dossier.receiving_centre or dossier.receiving_agency
    items = payload.get("items") or []
    with translation.override(settings.LANGUAGE_CODE):
        site = settings.MOTCUA_SITE_NAME or gettext("Electronic one-stop system")
    return {
        "code": dossier.code or "",
        "applicant_name": dossier.applicant_name,
        "procedure": dossier.procedure_version.name,
        "due": templating.format_instant(payload.get("due_at") or dossier.due_at),
        "step": dossier.current_step.name if dossier.current_step_id else "",
        "step_due": templating.format_instant(dossier.step_due_at),
        "new_due": templating.format_instant(payload.get("new_due_at")),
        "previous_due": templating.format_instant(payload.get("previous_due_at")),
        "reason": payload.get("reason") or payload.get("reasons") or "",
        "items": "; ".join(str(i.get("name", "")).strip() for i in items if isinstance(i, dict)),
        "amount": templating.format_amount(payload["amount"]) if "amount" in payload else "",
        "centre": place.name if place is not None else "",
        "assignee_name": "",
        "deadline": "",
        "deadline_at": "",
        "remaining": "",
        "site": site,
        **portal_links(dossier),
    }


def portal_links(dossier: Dossier) -> dict:
    """The citizen portal's pages about the dossier: absolute when MOTCUA_PUBLIC_URL is set."""
    from motcua.dossiers.services.rating import rating_url

    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    tracking = f"{base}/portal/track/?code={dossier.code}" if dossier.code else ""
    return {"tracking_url": tracking, "rating_url": rating_url(dossier) if dossier.pk else ""}


def _key(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def _build(rule: NotificationRule, *, identity: str, contact: Contact | None, context: dict, dossier: Dossier,
           event=None, kind: str) -> Notification | None:
    """One notification for one rule and recipient; None when the recipient has no address on the rule's
    channel. An unusable address (a landline for SMS) is logged as failed at once, so it shows in the log."""
    if contact is None:
        return None
    channel = get_channel(rule.channel)
    address = channel.address(contact)
    if not address:
        return None
    status, error = Notification.Status.QUEUED, ""
    try:
        address = channel.normalise(address)
    except PermanentDeliveryError as exc:
        status, error = Notification.Status.FAILED, str(exc)
    context = {**context, "assignee_name": contact.name if rule.audience == Audience.ASSIGNEE else
               context["assignee_name"]}
    return Notification(
        dossier=dossier, event=event, rule=rule, kind=kind, audience=rule.audience, channel=rule.channel,
        recipient=address[:254], recipient_name=contact.name[:200], recipient_user_id=contact.user_id,
        subject=templating.render(rule.subject, context)[:200], text=templating.render(rule.body, context),
        status=status, error=error, dedup_key=_key(identity, rule.channel, address))


def _write(notifications: list[Notification]) -> list[int]:
    """Writes the notifications whose key is not in the log yet; returns the ids of the queued ones written."""
    fresh: dict[str, Notification] = {}
    for n in notifications:
        fresh.setdefault(n.dedup_key, n)
    if not fresh:
        return []
    existing = set(Notification.objects.filter(dedup_key__in=list(fresh)).values_list("dedup_key", flat=True))
    new = [n for key, n in fresh.items() if key not in existing]
    if not new:
        return []
    Notification.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent planner may have won a key
    return list(Notification.objects.filter(dedup_key__in=[n.dedup_key for n in new],
                                            status=Notification.Status.QUEUED).values_list("pk", flat=True))


RULES_GENERATION = "notification_rules"


def _rules(kinds) -> list[NotificationRule]:
    """The active rules of these event kinds; every dossier action asks, so all active rules are kept in
    the cache until one is edited (core/generations.py, apps.py)."""
    active = generations.remember(RULES_GENERATION, "active",
                                  lambda: tuple(NotificationRule.objects.filter(active=True)))
    return [rule for rule in active if rule.event_kind in kinds]


# ------------------------------------------------------------------ planning


def plan_for_event(event) -> list[int]:
    """The notifications one dossier event causes, written as queued; returns their ids (none when they
    were written before: one notification per event × recipient × channel)."""
    if not settings.MOTCUA_NOTIFY_ENABLED:
        return []
    rules = _rules([event.kind])
    if not rules:
        return []
    dossier = event.dossier
    context = dossier_context(dossier, event.payload)
    notifications = []
    for rule in rules:
        if rule.audience == Audience.APPLICANT:
            contact = applicant_contact(dossier)
        else:
            assignee_id = event.payload.get("assignee") if event.kind == "assigned" else dossier.assignee_id
            if assignee_id is None or assignee_id == event.actor_id:  # nobody, or they did it themselves
                continue
            contact = user_contact(get_user_model().objects.filter(pk=assignee_id).first())
        notifications.append(_build(rule, identity=f"event:{event.pk}", contact=contact, context=context,
                                    dossier=dossier, event=event, kind=event.kind))
    return _write([n for n in notifications if n is not None])


# Words filled into {deadline}: the message templates are Vietnamese, so are these.
DEADLINE_WORDS = {"step": "hạn của bước “{step}”", "total": "hạn trả kết quả"}


def plan_deadline_warnings(warnings) -> list[int]:
    """The notifications of one batch of deadline warnings (motcua.dossiers.watch): at most one per
    dossier × deadline × due instant × threshold × recipient × channel, however often the watch runs."""
    if not settings.MOTCUA_NOTIFY_ENABLED or not warnings:
        return []
    rules = _rules([DEADLINE_DUE_SOON, DEADLINE_OVERDUE])
    if not rules:
        return []
    dossiers = Dossier.objects.select_related("assignee", "procedure_version", "current_step", "receiving_centre",
                                              "receiving_agency").in_bulk({w.dossier_id for w in warnings})
    notifications = []
    for warning in warnings:
        dossier = dossiers.get(warning.dossier_id)
        if dossier is None:
            continue
        kind = DEADLINE_OVERDUE if warning.threshold == "overdue" else DEADLINE_DUE_SOON
        context = dossier_context(dossier)
        context.update({
            "deadline": DEADLINE_WORDS.get(warning.deadline, "").format(step=context["step"]),
            "deadline_at": templating.format_instant(warning.due_at),
            "remaining": templating.format_working_time(warning.remaining_microseconds),
        })
        identity = f"deadline:{dossier.pk}:{warning.deadline}:{warning.due_at.isoformat()}:{warning.threshold}"
        for rule in rules:
            if rule.event_kind != kind:
                continue
            contact = (applicant_contact(dossier) if rule.audience == Audience.APPLICANT
                       else user_contact(dossier.assignee))
            notifications.append(_build(rule, identity=identity, contact=contact, context=context,
                                        dossier=dossier, kind=kind))
    return _write([n for n in notifications if n is not None])


# ------------------------------------------------------------------ sending


def enqueue(ids) -> None:
    """Hands the notifications to Celery (inline without a broker). A failure to queue is logged, not
    raised: the rows stay queued and the requeue job picks them up."""
    from .tasks import send_notification

    for pk in ids:
        try:
            send_notification.delay(pk)
        except Exception:
            logger.exception("notification %s could not be queued; the requeue job will retry it", pk)


def enqueue_on_commit(ids) -> None:
    if ids:
        transaction.on_commit(functools.partial(enqueue, list(ids)), robust=True)


class RetryLater(DeliveryError):
    """Raised to the task so that Celery retries with backoff."""


def deliver(notification_id: int, *, final: bool = False) -> Notification | None:
    """Sends one queued notification (a sent or failed one is left alone, so a task delivered twice sends
    once). A failure is recorded on the row; it raises RetryLater unless it is permanent or ``final`` (the
    last allowed attempt), in which cases the row becomes "failed"."""
    retry = None
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Notification.Status.QUEUED:
            return notification
        notification.attempts += 1
        try:
            message_id = get_channel(notification.channel).send(
                recipient=notification.recipient, subject=notification.subject, text=notification.text,
                reference=f"motcua.notification.{notification.pk}")
        except PermanentDeliveryError as exc:
            notification.status, notification.error = Notification.Status.FAILED, _describe(exc)
        except Exception as exc:  # anything else may pass next time: a timeout, a busy gateway, a bug fixed
            notification.error = _describe(exc)
            if final:
                notification.status = Notification.Status.FAILED
            else:
                retry = exc
        else:
            notification.status, notification.sent_at = Notification.Status.SENT, timezone.now()
            notification.provider_message_id, notification.error = str(message_id)[:200], ""
        notification.save(update_fields=["status", "attempts", "error", "sent_at", "provider_message_id",
                                         "updated_at"])
    if notification.status == Notification.Status.FAILED:
        logger.warning("notification %s failed after %s attempt(s): %s", notification.pk, notification.attempts,
                       notification.error)
    if retry is not None:
        raise RetryLater(notification.error) from retry
    return notification


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def requeue_stale(*, batch_size: int = 500) -> int:
    """Queues again the notifications still "queued" and untouched for MOTCUA_NOTIFY_REQUEUE_MINUTES (the
    broker was down, a worker died): longer than the longest retry backoff, so live retries are left alone."""
    cutoff = timezone.now() - dt.timedelta(minutes=settings.MOTCUA_NOTIFY_REQUEUE_MINUTES)
    stale = Notification.objects.filter(status=Notification.Status.QUEUED, updated_at__lt=cutoff)
    count, last_pk = 0, 0
    while True:
        ids = list(stale.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return count
        last_pk = ids[-1]
        Notification.objects.filter(pk__in=ids).update(updated_at=timezone.now())
        enqueue(ids)
        count += len(ids)


@transaction.atomic
def resend(*, actor, notifications) -> int:
    """An administrator sends failed notifications again (after fixing an address or the gateway)."""
    ids = [n.pk for n in notifications if n.status == Notification.Status.FAILED]
    Notification.objects.filter(pk__in=ids).update(status=Notification.Status.QUEUED, error="",
                                                   updated_at=timezone.now())
    for n in notifications:
        if n.pk in ids:
            record_event(actor=actor, kind="notification.resent", subject=n, payload={"channel": n.channel})
    enqueue_on_commit(ids)
    return len(ids)
