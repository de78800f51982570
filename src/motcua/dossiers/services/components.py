"""Files of a dossier's components: attaching the scanned or uploaded file to a component that was declared
without one (an API client sends the metadata first and each file after, as counters scan page by page)."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import states
from ..models import DossierComponent
from ..uploads import discard_stored, store_upload
from .core import INTAKE_ROLES, WORK_ROLES, DossierActionError, lock, record, require_officer_or_applicant

# A file may still be added while the dossier is being received, processed or supplemented; not once it is
# decided or ended, when the file would change what was decided on.
ATTACHABLE = frozenset({states.Status.SUBMITTED, states.Status.RECEIVED, states.Status.PROCESSING,
                        states.Status.SUPPLEMENTATION, states.Status.FINANCIAL_OBLIGATION})


def attach_file(*, actor, dossier, component_id: int, uploaded_file, expected_version: int | None = None,
                digitized: bool = False):
    """Stores ``uploaded_file`` (checked by content) as the file of one of the dossier's components. A component
    keeps its first file: a replacement is a new component, so what was received stays as it was."""
    require_officer_or_applicant(actor, dossier, INTAKE_ROLES | WORK_ROLES)
    stored = store_upload(uploaded_file)
    try:
        with transaction.atomic():
            dossier = lock(dossier, expected_version=expected_version, action="attach_file")
            if dossier.status not in ATTACHABLE:
                raise DossierActionError(_("No file can be added while the dossier is “%(status)s”.") % {
                    "status": dossier.get_status_display()})
            component = DossierComponent.objects.select_for_update().filter(
                dossier=dossier, pk=component_id).first()
            if component is None:
                raise DossierActionError({"component": _("This dossier has no component %(id)s.") % {
                    "id": component_id}})
            if component.file:
                raise DossierActionError({"component": _("“%(name)s” already has a file; add the new file as "
                                                          "another component.") % {"name": component.name[:80]}})
            for name, value in stored.items():
                setattr(component, name, value)
            component.digitized = digitized or component.digitized
            component.save(update_fields=[*stored, "digitized"])
            record(dossier, kind="component_file_attached", actor=actor, from_status=dossier.status,
                   from_step=dossier.current_step.code if dossier.current_step_id else "",
                   payload={"component": component.pk, "file_name": component.file_name,
                            "sha256": component.sha256, "size": component.size})
    except BaseException:
        discard_stored([stored])
        raise
    return dossier, component
