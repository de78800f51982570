"""Which actions an officer is offered on a dossier: the dossier's status allows it (dossiers.states), the
officer holds a role the service accepts, and, for work on a step, the step is theirs (its role, or the
dossier is assigned to them). The services check again; this only keeps the page free of buttons that
would be refused."""

from __future__ import annotations

from motcua.dossiers import states
from motcua.dossiers.services.core import INTAKE_ROLES, LEAD_ROLES, SIGN_ROLES, WORK_ROLES, in_scope
from motcua.organizations.roles import Role
from motcua.organizations.selectors import scope_for

S = states.Status
# The order in which the page shows them.
ORDER = ("receive", "guide", "refuse", "assign", "move", "sign_off", "issue_result", "return_for_rework",
         "request_supplementation", "receive_supplementation", "request_payment", "record_payment",
         "return_result", "reschedule", "withdraw", "stop", "comment")
ROLES = {
    "receive": INTAKE_ROLES, "guide": INTAKE_ROLES, "refuse": INTAKE_ROLES,
    "assign": LEAD_ROLES | {Role.COUNTER_OFFICER},
    "move": WORK_ROLES | INTAKE_ROLES, "sign_off": SIGN_ROLES, "issue_result": SIGN_ROLES | WORK_ROLES,
    "return_for_rework": WORK_ROLES, "request_supplementation": WORK_ROLES | INTAKE_ROLES,
    "receive_supplementation": WORK_ROLES | INTAKE_ROLES, "request_payment": WORK_ROLES | INTAKE_ROLES,
    "record_payment": INTAKE_ROLES | WORK_ROLES, "return_result": INTAKE_ROLES | WORK_ROLES,
    "reschedule": LEAD_ROLES | WORK_ROLES, "withdraw": INTAKE_ROLES | WORK_ROLES, "stop": LEAD_ROLES,
    "comment": WORK_ROLES | INTAKE_ROLES | LEAD_ROLES,
}
STEP_ACTIONS = {"move", "sign_off", "issue_result", "return_for_rework"}


def _status_allows(action: str, dossier) -> bool:
    if action == "sign_off":
        return states.allowed("issue_result", dossier.status)
    return states.allowed(action, dossier.status)


def holds_step(user, dossier, roles: frozenset) -> bool:
    """The current step is the officer's: assigned to them, or its role is one they hold."""
    if dossier.assignee_id == user.pk:
        return True
    step = dossier.current_step
    if step is None:  # a partner agency's linked dossier: its officers work on it
        return bool(roles & WORK_ROLES)
    return step.role in roles


def available(user, dossier, *, now=None) -> list[str]:
    scope = scope_for(user)
    if not (scope.is_global_editor or in_scope(user, dossier)) or scope.roles <= {Role.AUDITOR}:
        return []
    roles = frozenset(scope.roles)
    offered = []
    for action in ORDER:
        if not (scope.is_global_editor or roles & ROLES[action]) or not _status_allows(action, dossier):
            continue
        if action in STEP_ACTIONS and not (scope.is_global_editor or holds_step(user, dossier, roles)):
            continue
        step = dossier.current_step
        if action == "move" and (step is None or not step.next_steps or step.action == "sign"):
            continue
        if action == "sign_off" and (step is None or step.action != "sign"):
            continue
        if action == "issue_result" and (step is not None and step.next_steps):
            continue
        if action == "issue_result" and step is not None and step.action == "return_result" \
                and not roles & (SIGN_ROLES | WORK_ROLES):
            continue
        if action == "reschedule" and (dossier.rescheduled or dossier.due_at is None
                                       or (now is not None and now > dossier.due_at)):
            continue
        if action == "return_for_rework" and not _has_earlier_step(dossier):
            continue
        if action == "record_payment" and dossier.fee_paid >= dossier.fee_due \
                and dossier.status != S.FINANCIAL_OBLIGATION:
            continue
        if action in ("receive", "guide", "refuse") and dossier.receiving_centre_id not in scope.centre_ids \
                and not scope.is_global_editor:
            continue
        offered.append(action)
    return offered


def _has_earlier_step(dossier) -> bool:
    """The service returns to the step the dossier came from; the page reads the prefetched events."""
    step = dossier.current_step
    if step is None:
        return False
    arrivals = [e for e in dossier.events.all() if e.to_step == step.code and e.from_step]
    return bool(arrivals) and arrivals[-1].from_step != step.code
