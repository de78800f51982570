"""Fees and financial obligations, the one allowed reschedule with an apology (Mẫu 04), withdrawal at
the applicant's request, and stopping processing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import states
from ..models import Dossier, Reschedule
from .core import (
    INTAKE_ROLES,
    LEAD_ROLES,
    WORK_ROLES,
    DossierActionError,
    lock,
    record,
    require,
    require_officer_or_applicant,
)


@transaction.atomic
def request_payment(*, actor, dossier: Dossier, amount: int, reason: str, expected_version: int | None = None
                    ) -> Dossier:
    require(actor, dossier, WORK_ROLES | INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="request_payment")
    if amount <= 0:
        raise DossierActionError({"amount": _("The amount must be above 0 VND.")})
    from_status = dossier.status
    dossier.fee_due += amount
    dossier.status = states.Status.FINANCIAL_OBLIGATION
    record(dossier, kind="payment_requested", actor=actor, from_status=from_status,
           payload={"amount": amount, "reason": reason.strip(), "previous_status": from_status})
    return dossier


@transaction.atomic
def record_payment(*, actor, dossier: Dossier, amount: int, method: str, reference: str = "",
                   expected_version: int | None = None) -> Dossier:
    require_officer_or_applicant(actor, dossier, INTAKE_ROLES | WORK_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="record_payment")
    if amount <= 0:
        raise DossierActionError({"amount": _("The amount must be above 0 VND.")})
    if reference and dossier.events.filter(kind="payment_recorded", payload__reference=reference).exists():
        return dossier  # the same payment reported twice (a repeated gateway callback)
    from_status = dossier.status
    dossier.fee_paid += amount
    if dossier.status == states.Status.FINANCIAL_OBLIGATION and dossier.fee_paid >= dossier.fee_due:
        requested = dossier.events.filter(kind="payment_requested").order_by("-seq").first()
        dossier.status = requested.payload.get("previous_status", states.Status.PROCESSING)
    record(dossier, kind="payment_recorded", actor=actor, from_status=from_status,
           payload={"amount": amount, "method": method, "reference": reference})
    return dossier


@transaction.atomic
def reschedule(*, actor, dossier: Dossier, new_due_at, reason: str, expected_version: int | None = None
               ) -> Reschedule:
    require(actor, dossier, LEAD_ROLES | WORK_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="reschedule")
    errors = {}
    if dossier.rescheduled:
        raise DossierActionError(_("A dossier may be rescheduled only once."))
    if not reason.strip():
        errors["reason"] = _("State the reason for the delay.")
    if new_due_at <= dossier.due_at:
        errors["new_due_at"] = _("The new appointment must be later than the current one.")
    if errors:
        raise DossierActionError(errors)
    if timezone.now() > dossier.due_at:
        raise DossierActionError(_("The due date has passed: the apology must be issued before it."))
    item = Reschedule.objects.create(dossier=dossier, previous_due_at=dossier.due_at, new_due_at=new_due_at,
                                     reason=reason.strip(), created_by=actor)
    dossier.due_at, dossier.rescheduled = new_due_at, True
    record(dossier, kind="rescheduled", actor=actor, from_status=dossier.status,
           payload={"previous_due_at": item.previous_due_at.isoformat(), "new_due_at": new_due_at.isoformat(),
                    "reason": item.reason})
    return item


def _end(*, actor, dossier: Dossier, expected_version, action: str, status: int, kind: str, reason: str,
         roles) -> Dossier:
    require_officer_or_applicant(actor, dossier, roles)
    dossier = lock(dossier, expected_version=expected_version, action=action)
    if not reason.strip():
        raise DossierActionError({"reason": _("State the reason.")})
    from_status = dossier.status
    dossier.status, dossier.ended_at = status, timezone.now()
    record(dossier, kind=kind, actor=actor, from_status=from_status, payload={"reason": reason.strip()})
    return dossier


@transaction.atomic
def withdraw(*, actor, dossier: Dossier, reason: str, expected_version: int | None = None) -> Dossier:
    return _end(actor=actor, dossier=dossier, expected_version=expected_version, action="withdraw",
                status=states.Status.WITHDRAWN, kind="withdrawn", reason=reason, roles=INTAKE_ROLES | WORK_ROLES)


@transaction.atomic
def stop(*, actor, dossier: Dossier, reason: str, expected_version: int | None = None) -> Dossier:
    return _end(actor=actor, dossier=dossier, expected_version=expected_version, action="stop",
                status=states.Status.STOPPED, kind="stopped", reason=reason, roles=LEAD_ROLES)
