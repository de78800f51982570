"""The explicit recompute of stored due dates after a working-day calendar was edited. Calendar edits
never move a stored due date by themselves; this does, dossier by dossier, each change recorded."""

import datetime as dt

from django.db import transaction

from .. import states
from ..models import Dossier
from .core import calendar_of, compute_due, lock, record

OPEN = [states.Status.RECEIVED, states.Status.PROCESSING, states.Status.SUPPLEMENTATION,
        states.Status.FINANCIAL_OBLIGATION]


def recomputed_due(dossier: Dossier) -> dt.datetime:
    """The due instant the current calendar gives: from receipt (or from the last supplement under the
    restart policy), extended by the supplementation pauses that are over."""
    episodes = list(dossier.supplementations.exclude(received_at=None).order_by("number"))
    if dossier.clock_policy == "restart" and episodes:
        return compute_due(dossier, episodes[-1].received_at)
    due = compute_due(dossier, dossier.received_at)
    if episodes:
        due, _added = calendar_of(dossier).extend_due(due, [(e.requested_at, e.received_at) for e in episodes])
    return due


def recompute_due_dates(*, actor, calendar_code: str, received_from: dt.datetime | None = None,
                        dry_run: bool = False) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Returns (code, old due, new due) for every open dossier whose due date changes. Rescheduled
    dossiers keep the date promised in the apology."""
    dossiers = Dossier.objects.filter(calendar_code=calendar_code, status__in=OPEN, rescheduled=False,
                                      received_at__isnull=False)
    if received_from is not None:
        dossiers = dossiers.filter(received_at__gte=received_from)
    changes = []
    for pk in dossiers.order_by("pk").values_list("pk", flat=True).iterator():
        with transaction.atomic():
            dossier = lock(Dossier(pk=pk), expected_version=None, action="recompute")
            new_due = recomputed_due(dossier)
            if new_due == dossier.due_at:
                continue
            changes.append((dossier.code, dossier.due_at, new_due))
            if dry_run:
                continue
            previous = dossier.due_at
            dossier.due_at = new_due
            record(dossier, kind="due_recomputed", actor=actor, from_status=dossier.status,
                   from_step=dossier.current_step.code if dossier.current_step_id else "",
                   payload={"previous_due_at": previous.isoformat(), "due_at": new_due.isoformat(),
                            "calendar": calendar_code})
    return changes
