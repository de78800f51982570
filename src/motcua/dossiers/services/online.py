"""What the applicant does online on a dossier already submitted: supplement it when asked (Mẫu 02) and
choose how to receive the result."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import states
from ..models import Dossier
from ..uploads import keep_checked
from .core import DossierActionError, lock, record
from .supplementation import receive_supplementation


def _require_applicant(actor, dossier: Dossier) -> None:
    if actor is None or dossier.applicant_user_id != actor.pk:
        raise DossierActionError(_("Only the applicant can do this online."))


@transaction.atomic
def supplement_online(*, actor, dossier: Dossier, files: list[tuple[str, object, object]],
                      expected_version: int | None = None) -> Dossier:
    """``files``: (name of the requested item, uploaded file, its CheckedUpload) for each document sent.
    The clock resumes as for a supplement received at the counter."""
    _require_applicant(actor, dossier)
    if not files:
        raise DossierActionError({"files": _("Attach at least one document.")})
    before = set(dossier.components.values_list("id", flat=True))
    dossier = receive_supplementation(
        actor=actor, dossier=dossier, expected_version=expected_version,
        components=[{"name": name, "kind": "original", "digitized": True, "file_name": checked.name,
                     "sha256": checked.sha256, "size": checked.size, "content_type": checked.content_type}
                    for name, _file, checked in files])
    added = dossier.components.exclude(id__in=before).order_by("id")
    for component, (_name, uploaded, checked) in zip(added, files, strict=False):
        component.save(update_fields=keep_checked(component, uploaded, checked))
    return dossier


@transaction.atomic
def choose_delivery(*, actor, dossier: Dossier, delivery: str, address: str = "",
                    expected_version: int | None = None) -> Dossier:
    """How the applicant wants the result: at the counter or by post (with the address)."""
    _require_applicant(actor, dossier)
    dossier = lock(dossier, expected_version=expected_version, action="choose_delivery")
    if dossier.status in states.FINAL:
        raise DossierActionError(_("The dossier is closed: its delivery can no longer be changed."))
    if delivery not in (Dossier.Delivery.COUNTER, Dossier.Delivery.POST):
        raise DossierActionError({"delivery": _("Choose at the counter or by post.")})
    address = address.strip()
    if delivery == Dossier.Delivery.POST and len(address) < 10:
        raise DossierActionError({"address": _("Enter the full postal address (street, commune, province).")})
    dossier.result_delivery = delivery
    record(dossier, kind="delivery_chosen", actor=actor, from_status=dossier.status,
           payload={"delivery": delivery, "address": address if delivery == Dossier.Delivery.POST else ""})
    return dossier
