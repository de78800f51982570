"""Intake: online submission, and the three outcomes at the counter or on an online dossier — receive
(receipt and appointment, Mẫu 01), guide (what is missing, Mẫu 02) or refuse (Mẫu 03)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import states
from ..models import Dossier, DossierComponent
from .core import (
    INTAKE_ROLES,
    DossierActionError,
    calendar_of,
    compute_due,
    compute_step_due,
    created_here,
    lock,
    next_code,
    receiving_code,
    record,
    require,
)


def _applicant_fields(applicant: dict) -> dict:
    name = (applicant.get("name") or "").strip()
    if not name:
        raise DossierActionError({"applicant.name": _("Enter the applicant's name.")})
    id_number = (applicant.get("id_number") or "").strip()
    if id_number and not (id_number.isdigit() and len(id_number) in (9, 10, 12, 13)):
        raise DossierActionError({"applicant.id_number": _(
            "The ID number has 12 digits (citizen) or 10 or 13 digits (enterprise code).")})
    return {"applicant": applicant, "applicant_name": name, "applicant_id_number": id_number,
            "applicant_phone": (applicant.get("phone") or "").strip()}


def _new_dossier(*, procedure_version, receiving_centre, deciding_agency, applicant, channel, calendar_code,
                 idempotency_key, applicant_user=None, before_insert=None) -> Dossier:
    """A new dossier, submitted; ``before_insert(dossier)`` completes it first (a walk-in received at once
    is inserted received, in one INSERT). With an idempotency key, the dossier already sent with that key,
    if any (then ``before_insert`` is not called or its writes are undone)."""
    if procedure_version.status != "published":
        raise DossierActionError({"procedure_version": _("Only a published procedure can be used.")})
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    receiving_agency = receiving_centre.agency if receiving_centre else deciding_agency
    fields = dict(
        status=states.Status.SUBMITTED, channel=channel, procedure_version=procedure_version,
        receiving_centre=receiving_centre, receiving_agency=receiving_agency,
        deciding_agency=deciding_agency, calendar_code=calendar_code, submitted_at=timezone.now(),
        idempotency_key=idempotency_key or None, applicant_user=applicant_user,
        clock_policy=getattr(procedure_version, "clock_policy", "pause") or "pause",
        fee_due=sum(f.amount_vnd or 0 for f in procedure_version.fees.all()),
        **_applicant_fields(applicant))

    def insert() -> Dossier:
        dossier = Dossier(**fields)
        if before_insert is not None:
            before_insert(dossier)
        dossier.save(force_insert=True)
        return created_here(dossier)

    if not idempotency_key:
        return insert()
    try:
        with transaction.atomic():  # a savepoint: a lost race on the key also gives back the code issued
            return insert()
    except IntegrityError:
        # A double submit with the same idempotency key: the first one won.
        return Dossier.objects.get(idempotency_key=idempotency_key)


def _add_components(dossier: Dossier, components) -> None:
    DossierComponent.objects.bulk_create([
        DossierComponent(dossier=dossier, name=c["name"], kind=c.get("kind", "original"),
                         copies=c.get("copies", 1), pages=c.get("pages"),
                         catalog_component_id=c.get("catalog_component_id"), from_vault=c.get("from_vault", False),
                         digitized=c.get("digitized", False), file=c.get("file", ""), file_name=c.get("file_name", ""),
                         sha256=c.get("sha256", ""), size=c.get("size", 0), content_type=c.get("content_type", ""))
        for c in components])


@transaction.atomic
def submit_online(*, applicant_user, procedure_version, deciding_agency, receiving_centre, applicant: dict,
                  components: list[dict], calendar_code: str = "VN", idempotency_key: str | None = None) -> Dossier:
    dossier = _new_dossier(procedure_version=procedure_version, receiving_centre=receiving_centre,
                           deciding_agency=deciding_agency, applicant=applicant, channel=states.Channel.ONLINE,
                           calendar_code=calendar_code, idempotency_key=idempotency_key, applicant_user=applicant_user)
    if dossier.events.exists():
        return dossier
    _add_components(dossier, components)
    record(dossier, kind="submitted", actor=applicant_user, from_status=None,
           payload={"procedure": procedure_version.procedure.localised_code, "components": len(components)})
    return dossier


def _first_step(dossier: Dossier):
    from motcua.processes.selectors import active_steps

    # The active process and its steps (what processes.selectors.active_process returns, with its steps
    # prefetched), kept in the cache while no process changes.
    steps = list(active_steps(procedure_id=dossier.procedure_version.procedure_id,
                              agency_id=dossier.deciding_agency_id))
    if not steps:
        raise DossierActionError({"deciding_agency": _(
            "%(agency)s has no active internal process for this procedure: ask the administrator to set one up.")
            % {"agency": dossier.deciding_agency}})
    process = steps[0].process
    prefetched = process.steps.all()
    prefetched._result_cache, prefetched._prefetch_done = steps, True
    process._prefetched_objects_cache = {"steps": prefetched}
    # The receiving step is done by receiving; the dossier waits at the step after it.
    return process, steps[1] if len(steps) > 1 and steps[0].action == "receive" else steps[0]


@transaction.atomic
def receive(*, actor, dossier: Dossier | None = None, expected_version: int | None = None, procedure_version=None,
            receiving_centre=None, deciding_agency=None, applicant: dict | None = None,
            components: list[dict] | None = None, channel: int = states.Channel.COUNTER, calendar_code: str = "VN",
            received_at=None, idempotency_key: str | None = None) -> Dossier:
    """Receives a complete dossier: issues its code, starts its clock and puts it at its first step.
    Without ``dossier`` (a walk-in at the counter) the dossier is created here."""
    if dossier is None:
        now = received_at or timezone.now()
        taken = {}

        def take(new: Dossier) -> None:  # a walk-in: checked and received before its row is written
            require(actor, new, INTAKE_ROLES)
            taken["step"] = _take(new, now)
            new.version += 1  # what recording the receipt bumps: the row is written once, by the INSERT
            new._inserted_changed = True

        dossier = _new_dossier(procedure_version=procedure_version, receiving_centre=receiving_centre,
                               deciding_agency=deciding_agency, applicant=applicant or {}, channel=channel,
                               calendar_code=calendar_code, idempotency_key=idempotency_key,
                               before_insert=take if expected_version is None else None)
        if "step" in taken and getattr(dossier, "_chain_head", None) is not None:
            _add_components(dossier, components or [])
            record(dossier, kind="received", actor=actor, from_status=states.Status.SUBMITTED, at=now,
                   payload={"code": dossier.code, "due_at": dossier.due_at.isoformat(), "step": taken["step"].code})
            return dossier
        if dossier.status != states.Status.SUBMITTED:
            return dossier  # the same counter intake submitted twice
        require(actor, dossier, INTAKE_ROLES)
        _add_components(dossier, components or [])
    else:
        require(actor, dossier, INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="receive")
    now = received_at or timezone.now()
    step = _take(dossier, now)
    record(dossier, kind="received", actor=actor, from_status=states.Status.SUBMITTED, at=now,
           payload={"code": dossier.code, "due_at": dossier.due_at.isoformat(), "step": step.code})
    return dossier


def _take(dossier: Dossier, now):
    """What receiving sets on the dossier: its code, status, clock and first step (returned)."""
    process, step = _first_step(dossier)
    dossier.code = next_code(receiving_code(dossier), timezone.localtime(now).date())
    dossier.status = states.Status.RECEIVED
    dossier.received_at = now
    calendar = calendar_of(dossier)
    dossier.due_at = compute_due(dossier, now, calendar=calendar)
    dossier.process, dossier.current_step = process, step
    dossier.step_due_at = compute_step_due(dossier, now, calendar=calendar)
    return step


@transaction.atomic
def guide(*, actor, dossier: Dossier | None = None, expected_version: int | None = None, items: list[dict],
          note: str = "", **new_dossier) -> Dossier:
    """Incomplete: one written guidance listing everything missing (Mẫu 02). The dossier stays not received."""
    if not items:
        raise DossierActionError({"items": _("List every document that is missing or must be completed.")})
    if dossier is None:
        dossier = _new_dossier(channel=new_dossier.pop("channel", states.Channel.COUNTER), **{
            "calendar_code": "VN", "idempotency_key": None, **new_dossier})
    require(actor, dossier, INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="guide")
    record(dossier, kind="guided", actor=actor, from_status=dossier.status, payload={"items": items, "note": note})
    return dossier


@transaction.atomic
def refuse(*, actor, dossier: Dossier | None = None, expected_version: int | None = None, reasons: str,
           **new_dossier) -> Dossier:
    """Out of scope or ineligible: refusal with reasons (Mẫu 03)."""
    if not reasons.strip():
        raise DossierActionError({"reasons": _("State the reasons for refusing the dossier.")})
    if dossier is None:
        dossier = _new_dossier(channel=new_dossier.pop("channel", states.Channel.COUNTER), **{
            "calendar_code": "VN", "idempotency_key": None, **new_dossier})
    require(actor, dossier, INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="refuse")
    dossier.status, dossier.ended_at = states.Status.REFUSED, timezone.now()
    record(dossier, kind="refused", actor=actor, from_status=states.Status.SUBMITTED,
           payload={"reasons": reasons.strip()})
    return dossier
