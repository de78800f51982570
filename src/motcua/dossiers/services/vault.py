"""The document vault (kho dữ liệu): a person's own documents and e-results, reusable in later
submissions. A file is kept once per person (by its SHA-256)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.events import record_event

from ..models import Dossier, VaultDocument
from ..uploads import KINDS, _sniff, keep_checked
from .core import DossierActionError


@transaction.atomic
def add_document(*, actor, name: str, uploaded_file, checked, source: str = VaultDocument.Source.UPLOAD,
                 source_dossier: Dossier | None = None) -> VaultDocument:
    """``checked`` is the CheckedUpload of ``uploaded_file`` (check_and_scan has run)."""
    name = (name or "").strip() or checked.name
    if len(name) > 300:
        raise DossierActionError({"name": _("The name is limited to 300 characters.")})
    existing = VaultDocument.objects.filter(owner=actor, sha256=checked.sha256).first()
    if existing is not None:
        return existing
    document = VaultDocument(owner=actor, name=name, source=source, source_dossier=source_dossier)
    keep_checked(document, uploaded_file, checked)
    document.save()
    record_event(actor=actor, kind="vault.added", subject=document, payload={"sha256": checked.sha256})
    return document


@transaction.atomic
def keep_result(*, actor, dossier: Dossier) -> VaultDocument:
    """Copies the electronic result of the applicant's own dossier into their vault."""
    if dossier.applicant_user_id != actor.pk:
        raise DossierActionError(_("Only the applicant can keep this result."))
    result = getattr(dossier, "result", None)
    if result is None or not result.file:
        raise DossierActionError(_("This dossier has no electronic result yet."))
    existing = VaultDocument.objects.filter(owner=actor, sha256=result.sha256).first() if result.sha256 else None
    if existing is not None:
        return existing
    with result.file.open("rb") as handle:
        data = handle.read()
    kind = _sniff(data[:1024]) or "pdf"
    content_type, extension, _label = KINDS[kind]
    file_name = f"ket-qua-{dossier.code}.{extension}"
    document = VaultDocument(owner=actor, name=result.name[:300] or file_name, source=VaultDocument.Source.RESULT,
                             file_name=file_name, content_type=content_type, size=len(data),
                             sha256=result.sha256 or hashlib.sha256(data).hexdigest(), source_dossier=dossier)
    document.file.save(file_name, ContentFile(data), save=False)
    document.save()
    record_event(actor=actor, kind="vault.result_kept", subject=document, payload={"dossier": dossier.code})
    return document


@transaction.atomic
def remove_document(*, actor, document: VaultDocument) -> None:
    if document.owner_id != actor.pk:
        raise DossierActionError(_("This document is not in your vault."))
    record_event(actor=actor, kind="vault.removed", subject=document, payload={"sha256": document.sha256})
    # The stored file stays: dossiers that reused it still point at it.
    document.delete()
