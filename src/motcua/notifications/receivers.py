"""How the notifications app hears about dossiers without the dossiers app importing it: a post_save
receiver on DossierEvent (every service appends one through dossiers.services.core.record) and a
receiver of the deadline watch's signal. Both write the notifications inside the current transaction
and hand them to Celery once it commits."""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from motcua.dossiers.models import DossierEvent
from motcua.dossiers.watch import deadline_warnings

from . import services

logger = logging.getLogger("motcua.notifications")


@receiver(post_save, sender=DossierEvent, dispatch_uid="notifications.dossier_event")
def dossier_event_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw or not settings.MOTCUA_NOTIFY_ENABLED:
        return  # (switched off: not even the savepoint, two statements of every action)
    try:
        with transaction.atomic():  # a savepoint: a failing notification never undoes the dossier action
            ids = services.plan_for_event(instance)
    except Exception:
        logger.exception("notifications for dossier event %s could not be planned", instance.pk)
        return
    services.enqueue_on_commit(ids)


@receiver(deadline_warnings, dispatch_uid="notifications.deadline_warnings")
def deadline_warnings_raised(sender, warnings, **kwargs):
    with transaction.atomic():
        ids = services.plan_deadline_warnings(warnings)
    services.enqueue_on_commit(ids)
