"""Supplementation during processing (Mẫu 02): the clock stops from the request until the applicant
completes the dossier; then it resumes (policy "pause", the default) or restarts (policy "restart")."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import states
from ..models import Dossier, Supplementation
from .core import (
    INTAKE_ROLES,
    WORK_ROLES,
    DossierActionError,
    calendar_of,
    compute_due,
    lock,
    record,
    require,
    require_officer_or_applicant,
)
from .intake import _add_components


@transaction.atomic
def request_supplementation(*, actor, dossier: Dossier, items: list[dict], reason: str,
                            expected_version: int | None = None, requested_at=None) -> Supplementation:
    require(actor, dossier, WORK_ROLES | INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="request_supplementation")
    errors = {}
    if not items or not all((item.get("name") or "").strip() for item in items):
        errors["items"] = _("List every document to supplement, all at once.")
    if not reason.strip():
        errors["reason"] = _("State the reason.")
    if errors:
        raise DossierActionError(errors)
    now = requested_at or timezone.now()
    working = calendar_of(dossier).working_time_between(dossier.received_at, now)
    episode = Supplementation.objects.create(
        dossier=dossier, number=dossier.supplementation_count + 1, requested_at=now, requested_by=actor,
        items=items, reason=reason.strip())
    from_status = dossier.status
    dossier.status = states.Status.SUPPLEMENTATION
    dossier.supplementation_count += 1
    record(dossier, kind="supplementation_requested", actor=actor, from_status=from_status, at=now,
           from_step=dossier.current_step.code if dossier.current_step_id else "",
           payload={"number": episode.number, "items": items, "reason": reason.strip(),
                    "previous_status": from_status,
                    # Decree 61/Circular 01: defects are to be notified within 3 working days of receipt.
                    "within_3_working_days": working.days < 3,
                    "more_than_once": episode.number > 1})
    return episode


@transaction.atomic
def receive_supplementation(*, actor, dossier: Dossier, components: list[dict] | None = None,
                            expected_version: int | None = None, received_at=None) -> Dossier:
    require_officer_or_applicant(actor, dossier, WORK_ROLES | INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="receive_supplementation")
    episode = dossier.supplementations.filter(received_at__isnull=True).order_by("-number").first()
    if episode is None:
        raise DossierActionError(_("No supplementation is awaited."))
    now = received_at or timezone.now()
    if now < episode.requested_at:
        raise DossierActionError({"received_at": _("The supplement cannot arrive before it was requested.")})
    episode.received_at = now
    episode.save(update_fields=["received_at"])
    _add_components(dossier, components or [])
    previous_due = dossier.due_at
    if dossier.clock_policy == "restart":
        dossier.due_at = compute_due(dossier, now)
    else:
        dossier.due_at, _added = calendar_of(dossier).extend_due(dossier.due_at, [(episode.requested_at, now)])
    requested = dossier.events.filter(kind="supplementation_requested").order_by("-seq").first()
    dossier.status = (requested.payload.get("previous_status") if requested else None) or states.Status.PROCESSING
    record(dossier, kind="supplementation_received", actor=actor, from_status=states.Status.SUPPLEMENTATION,
           at=now, payload={"number": episode.number, "components": len(components or []),
                            "previous_due_at": previous_due.isoformat(), "due_at": dossier.due_at.isoformat(),
                            "policy": dossier.clock_policy})
    return dossier
