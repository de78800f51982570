"""Counter and signing actions of the officer workspace that combine existing services in one transaction,
so that a double click or a retried request never creates a second dossier, event, file or payment.

* ``receive_at_counter``: receive a walk-in dossier, keep its scanned files and the fees collected;
* ``guide_at_counter`` / ``refuse_at_counter``: Mẫu 02 / Mẫu 03 for a walk-in, once per idempotency key;
* ``sign_off``: the leader signs the last decision step and the result is issued at once.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import states
from ..models import Dossier
from ..uploads import keep_checked
from .core import INTAKE_ROLES, DossierActionError, lock, require
from .intake import _new_dossier, guide, receive, refuse
from .lifecycle import record_payment
from .processing import issue_result, move


@transaction.atomic
def receive_at_counter(*, actor, idempotency_key: str, files: dict | None = None, fee_collected: int = 0,
                       payment_method: str = "cash", result_delivery: str = "", **receive_kwargs) -> Dossier:
    """``files`` maps the position of a component in ``components`` to (file, CheckedUpload). A replay
    with the same key returns the dossier received the first time and adds nothing."""
    if not idempotency_key:
        raise DossierActionError(_("The intake form has expired: reload the page."))
    dossier = receive(actor=actor, idempotency_key=idempotency_key, **receive_kwargs)
    dossier = lock(dossier, expected_version=None, action="intake_files")
    if result_delivery and dossier.status == states.Status.RECEIVED and dossier.result_delivery != result_delivery:
        if result_delivery not in Dossier.Delivery.values:
            raise DossierActionError({"result_delivery": _("Choose how the result is returned.")})
        # Chosen with the applicant at the counter and printed on the receipt (Mẫu 01).
        dossier.result_delivery = result_delivery
        dossier.save(update_fields=["result_delivery"])
    components = list(dossier.components.order_by("id"))
    for position, (upload, checked) in (files or {}).items():
        if position >= len(components) or components[position].file:
            continue  # already stored by the first of two identical requests
        component = components[position]
        component.digitized = True
        component.save(update_fields=[*keep_checked(component, upload, checked), "digitized"])
    if fee_collected > 0:
        # The idempotency key is the payment reference: the same intake never records its fees twice.
        dossier = record_payment(actor=actor, dossier=dossier, amount=fee_collected, method=payment_method,
                                 reference=f"intake:{idempotency_key}")
    return dossier


def _walk_in_once(*, actor, idempotency_key: str, event: str, act, new_dossier: dict) -> Dossier:
    """Creates the walk-in's dossier (not received) and calls ``act`` on it, unless the same key already
    led to ``event``: then that dossier is returned and nothing is recorded again."""
    if not idempotency_key:
        raise DossierActionError(_("The intake form has expired: reload the page."))
    dossier = Dossier.objects.filter(idempotency_key=idempotency_key).first()
    if dossier is None:
        dossier = _new_dossier(idempotency_key=idempotency_key, channel=states.Channel.COUNTER,
                               calendar_code=new_dossier.pop("calendar_code", "VN"), **new_dossier)
    require(actor, dossier, INTAKE_ROLES)
    # The event kind is no action of states.ALLOWED: the lock checks no status, only serialises twins.
    locked = lock(dossier, expected_version=None, action=event)
    if locked.events.filter(kind=event).exists():
        return locked
    return act(locked)


@transaction.atomic
def guide_at_counter(*, actor, idempotency_key: str, items: list[dict], note: str = "", **new_dossier) -> Dossier:
    """A walk-in whose dossier is incomplete: one written guidance (Mẫu 02), recorded once per key."""
    if not items:
        raise DossierActionError({"items": _("List every document that is missing or must be completed.")})
    return _walk_in_once(actor=actor, idempotency_key=idempotency_key, event="guided", new_dossier=new_dossier,
                         act=lambda dossier: guide(actor=actor, dossier=dossier, items=items, note=note))


@transaction.atomic
def refuse_at_counter(*, actor, idempotency_key: str, reasons: str, **new_dossier) -> Dossier:
    """A walk-in out of scope or ineligible: a refusal with reasons (Mẫu 03), recorded once per key."""
    if not reasons.strip():
        raise DossierActionError({"reasons": _("State the reasons for refusing the dossier.")})
    return _walk_in_once(actor=actor, idempotency_key=idempotency_key, event="refused", new_dossier=new_dossier,
                         act=lambda dossier: refuse(actor=actor, dossier=dossier, reasons=reasons))


@transaction.atomic
def sign_off(*, actor, dossier: Dossier, expected_version: int | None, opinion: str = "", result_name: str = "",
             result_number: str = "", file=None, sha256: str = "", electronic: bool = False) -> Dossier:
    """The leader signs: the signing step is completed and, when the process only hands the result back
    after it (or ends there), the result is issued in the same transaction."""
    dossier = lock(dossier, expected_version=expected_version, action="issue_result")
    step = dossier.current_step
    if step is not None and step.next_steps:
        dossier = move(actor=actor, dossier=dossier, expected_version=dossier.version, opinion=opinion)
        if dossier.current_step is not None and dossier.current_step.next_steps:
            raise DossierActionError(_("After signing, the process has further steps: move the dossier on instead."))
    return issue_result(actor=actor, dossier=dossier, expected_version=dossier.version, name=result_name,
                        number=result_number, file=file, sha256=sha256, electronic=electronic)
