"""Work on a received dossier: assign, move along the process (appraise, approve, sign), return for
rework, send to a partner agency and join back, issue and return the result, comment."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.selectors import scope_for

from .. import states
from ..models import Dossier, DossierResult
from .core import (
    INTAKE_ROLES,
    LEAD_ROLES,
    SIGN_ROLES,
    WORK_ROLES,
    DossierActionError,
    compute_step_due,
    created_here,
    lock,
    next_code,
    record,
    require,
    require_step,
)

STEP_EVENT = {"appraise": "appraised", "review": "reviewed", "approve": "approved", "sign": "signed",
              "issue_result": "moved", "return_result": "moved", "receive": "moved", "inter_agency": "sent"}


@transaction.atomic
def assign(*, actor, dossier: Dossier, assignee, expected_version: int | None = None, note: str = "") -> Dossier:
    require(actor, dossier, LEAD_ROLES | {"counter_officer"})
    dossier = lock(dossier, expected_version=expected_version, action="assign")
    if not get_user_model().objects.filter(pk=assignee.pk, is_active=True).exists() or not (
            scope_for(assignee).reads_path(dossier.deciding_agency.path) or scope_for(assignee).is_global_reader):
        raise DossierActionError({"assignee": _("%(name)s does not work in the deciding agency.") % {
            "name": assignee.get_full_name()}})
    previous = dossier.assignee
    dossier.assignee = assignee
    record(dossier, kind="assigned", actor=actor, from_status=dossier.status, from_step=_step(dossier),
           payload={"assignee": assignee.pk, "assignee_name": assignee.get_full_name(),
                    "previous": previous.pk if previous else None, "note": note})
    return dossier


def _step(dossier: Dossier) -> str:
    return dossier.current_step.code if dossier.current_step_id else ""


def _steps(dossier: Dossier) -> dict:
    return {s.code: s for s in dossier.process.steps.all()}


@transaction.atomic
def move(*, actor, dossier: Dossier, expected_version: int | None = None, to_step: str | None = None,
         opinion: str = "", assignee=None) -> Dossier:
    """Completes the current step (its action: appraise, approve, sign…) and moves to the next one, or to
    ``to_step`` when the step branches. Moving into an inter-agency step sends a linked child dossier."""
    require(actor, dossier, WORK_ROLES | INTAKE_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="move")
    require_step(actor, dossier)
    current = dossier.current_step
    if current is None:
        raise DossierActionError(_("The dossier has no current step."))
    if current.action == "inter_agency" and dossier.children.exclude(status__in=[states.Status.DECIDED,
                                                                                  states.Status.RETURNED]).exists():
        raise DossierActionError(_("The partner agency has not finished its part yet."))
    choices = current.next_steps
    if not choices:
        raise DossierActionError(_("This is the last step: issue the result instead."))
    target = to_step or (choices[0] if len(choices) == 1 else None)
    if target not in choices:
        raise DossierActionError({"to_step": _("Choose the next step: %(choices)s.") % {"choices": ", ".join(choices)}})
    step = _steps(dossier)[target]
    from_status = dossier.status
    dossier.status = states.Status.PROCESSING
    dossier.current_step = step
    dossier.assignee = assignee
    now = timezone.now()
    dossier.step_due_at = compute_step_due(dossier, now)
    payload = {"opinion": opinion.strip(), "step_action": current.action}
    if step.action == "inter_agency":
        payload["child"] = _fan_out(dossier, step, actor, now)
    record(dossier, kind=STEP_EVENT.get(current.action, "moved"), actor=actor, from_status=from_status,
           from_step=current.code, payload=payload)
    return dossier


def _fan_out(parent: Dossier, step, actor, now) -> str:
    """A linked child dossier at the partner agency for its share of the time."""
    if step.partner_agency_id is None:
        raise DossierActionError(_("The inter-agency step names no partner agency."))
    child = Dossier.objects.create(
        status=states.Status.RECEIVED, channel=parent.channel, procedure_version=parent.procedure_version,
        receiving_centre=None, receiving_agency=step.partner_agency, deciding_agency=step.partner_agency,
        applicant=parent.applicant, applicant_name=parent.applicant_name,
        applicant_id_number=parent.applicant_id_number, applicant_phone=parent.applicant_phone,
        parent=parent, calendar_code=parent.calendar_code, submitted_at=now, received_at=now,
        code=next_code(step.partner_agency.code, timezone.localtime(now).date()))
    created_here(child)
    child.due_at = parent.step_due_at
    record(child, kind="received", actor=actor, from_status=None, at=now,
           payload={"parent": parent.code, "code": child.code, "due_at": child.due_at.isoformat()
                    if child.due_at else None})
    return child.code


@transaction.atomic
def return_for_rework(*, actor, dossier: Dossier, expected_version: int | None = None, reason: str) -> Dossier:
    require(actor, dossier, WORK_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="return_for_rework")
    require_step(actor, dossier)
    if not reason.strip():
        raise DossierActionError({"reason": _("Say what must be reworked.")})
    previous = dossier.events.filter(to_step=_step(dossier)).exclude(from_step="").order_by("-seq").first()
    if previous is None or previous.from_step == _step(dossier):
        raise DossierActionError(_("There is no earlier step to return to."))
    from_step = _step(dossier)
    dossier.current_step = _steps(dossier)[previous.from_step]
    dossier.step_due_at = compute_step_due(dossier, timezone.now())
    record(dossier, kind="returned_for_rework", actor=actor, from_status=dossier.status, from_step=from_step,
           payload={"reason": reason.strip()})
    return dossier


@transaction.atomic
def issue_result(*, actor, dossier: Dossier, expected_version: int | None = None, name: str = "", number: str = "",
                 file=None, sha256: str = "", electronic: bool = False) -> Dossier:
    """The decision is taken and signed: the result is attached and the dossier is ready to return."""
    require(actor, dossier, SIGN_ROLES | WORK_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="issue_result")
    if dossier.current_step_id and dossier.current_step.action != "return_result":
        require_step(actor, dossier)  # at the counter's return step the signing is done: any signer issues
    # The signer issues the result at the last step, or at the step before the counter's "return the result"
    # step (as in the one-stop practice: signed at the agency, handed back at the centre), which it then enters.
    return_step = None
    if dossier.current_step and dossier.current_step.next_steps:
        following = [_steps(dossier).get(code) for code in dossier.current_step.next_steps]
        if len(following) != 1 or following[0] is None or following[0].action != "return_result":
            raise DossierActionError(_("The process is not at its last step yet."))
        return_step = following[0]
    from_step = _step(dossier)
    now = timezone.now()
    DossierResult.objects.create(dossier=dossier, name=name or dossier.procedure_version.result_name or "",
                                 number=number, file=file or "", sha256=sha256, electronic=electronic, issued_at=now)
    from_status = dossier.status
    dossier.status, dossier.decided_at = states.Status.DECIDED, now
    if return_step is not None:
        dossier.current_step = return_step
        dossier.step_due_at = compute_step_due(dossier, now)
    record(dossier, kind="result_issued", actor=actor, from_status=from_status, from_step=from_step,
           payload={"name": name, "number": number, "electronic": electronic, "sha256": sha256})
    if dossier.parent_id:
        _join(dossier, actor)
    return dossier


def _join(child: Dossier, actor) -> None:
    """The partner agency finished: the parent continues after its inter-agency step."""
    parent = lock(Dossier(pk=child.parent_id), expected_version=None, action="join")
    if parent.current_step is None or parent.current_step.action != "inter_agency":
        return
    if parent.children.exclude(status__in=[states.Status.DECIDED, states.Status.RETURNED]).exists():
        return
    from_step = parent.current_step.code
    parent.current_step = _steps(parent)[parent.current_step.next_steps[0]]
    parent.step_due_at = compute_step_due(parent, timezone.now())
    record(parent, kind="joined", actor=actor, from_status=parent.status, from_step=from_step,
           payload={"child": child.code})


@transaction.atomic
def return_result(*, actor, dossier: Dossier, expected_version: int | None = None, delivery: str = "counter",
                  note: str = "") -> Dossier:
    require(actor, dossier, INTAKE_ROLES | WORK_ROLES)
    dossier = lock(dossier, expected_version=expected_version, action="return_result")
    if delivery not in Dossier.Delivery.values:
        raise DossierActionError({"delivery": _("Choose how the result is returned.")})
    if dossier.fee_paid < dossier.fee_due:
        raise DossierActionError(_("The fees are not paid yet."))
    now = timezone.now()
    dossier.status, dossier.returned_at, dossier.ended_at = states.Status.RETURNED, now, now
    dossier.result_delivery = delivery
    record(dossier, kind="result_returned", actor=actor, from_status=states.Status.DECIDED,
           payload={"delivery": delivery, "note": note})
    return dossier


@transaction.atomic
def comment(*, actor, dossier: Dossier, text: str) -> Dossier:
    require(actor, dossier, WORK_ROLES | INTAKE_ROLES | LEAD_ROLES)
    if not text.strip():
        raise DossierActionError({"text": _("Write the comment.")})
    dossier = lock(dossier, expected_version=None, action="comment")
    record(dossier, kind="commented", actor=actor, from_status=dossier.status, from_step=_step(dossier),
           payload={"text": text.strip()})
    return dossier
