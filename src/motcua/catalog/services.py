"""Writes for the catalog. A published version is never edited: changes go into a new draft, and
publishing it retires the previous one, so dossiers keep the version they were received under."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.events import record_event
from motcua.core.text import fold
from motcua.organizations.selectors import scope_for

from .models import Component, Fee, Procedure, ProcedureVersion, Synonym
from .search_text import version_search_texts


def require_catalog_editor(actor, procedure: Procedure | None = None) -> None:
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.is_global_editor:
        return
    agency = procedure.publishing_agency if procedure else None
    if agency is not None and scope.edits_path(agency.path):
        return
    raise PermissionDenied(_("Only a system administrator or a leader of the publishing agency can change the "
                             "catalog."))


def refresh_search_texts(version: ProcedureVersion) -> None:
    procedure = version.procedure
    texts = version_search_texts(
        localised_code=procedure.localised_code, base_code=procedure.base_code, name=version.name,
        name_en=version.name_en, keywords=version.keywords, field_name=procedure.field.name,
        components=[c.name for c in version.components.all()], result_name=version.result_name,
        requirements=version.requirements,
    )
    ProcedureVersion.objects.filter(pk=version.pk).update(**texts)
    for name, value in texts.items():
        setattr(version, name, value)


def check_publishable(version: ProcedureVersion) -> None:
    errors = {}
    if not version.components.exists():
        errors["components"] = _("A procedure cannot be published without its components (thành phần hồ sơ).")
    if not version.processing_unit or (version.processing_unit != "same_day" and not version.processing_amount):
        errors["processing_amount"] = _("A procedure cannot be published without its processing time.")
    if not version.name.strip():
        errors["name"] = _("A procedure cannot be published without a name.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_version(*, actor, version: ProcedureVersion) -> ProcedureVersion:
    version = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
    require_catalog_editor(actor, procedure)
    if version.status != ProcedureVersion.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be published.")})
    check_publishable(version)
    now = timezone.now()
    previous = procedure.current_version
    if previous is not None:
        ProcedureVersion.objects.filter(pk=previous.pk).update(status=ProcedureVersion.Status.RETIRED, retired_at=now)
    version.status, version.published_at = ProcedureVersion.Status.PUBLISHED, now
    version.save(update_fields=["status", "published_at"])
    procedure.current_version = version
    procedure.save(update_fields=["current_version"])
    refresh_search_texts(version)
    record_event(actor=actor, kind="catalog.version_published", subject=procedure,
                 payload={"version": version.number, "previous": previous.number if previous else None})
    return version


@transaction.atomic
def start_draft(*, actor, procedure: Procedure) -> ProcedureVersion:
    """A new draft copied from the published version (or the latest one), with its components and fees."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    require_catalog_editor(actor, procedure)
    if procedure.versions.filter(status=ProcedureVersion.Status.DRAFT).exists():
        raise ValidationError({"status": _("This procedure already has a draft; edit that one.")})
    source = procedure.current_version or procedure.versions.order_by("-number").first()
    number = (procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = ProcedureVersion.objects.get(pk=source.pk)
    draft.pk, draft.number, draft.status = None, number, ProcedureVersion.Status.DRAFT
    draft.published_at = draft.retired_at = None
    draft.save()
    Component.objects.bulk_create([
        Component(**{f.name: getattr(c, f.name) for f in Component._meta.concrete_fields if f.name not in ("id", "version")},
                  version=draft) for c in source.components.all()])
    Fee.objects.bulk_create([
        Fee(**{f.name: getattr(fee, f.name) for f in Fee._meta.concrete_fields if f.name not in ("id", "version")},
            version=draft) for fee in source.fees.all()])
    record_event(actor=actor, kind="catalog.draft_started", subject=procedure, payload={"version": number})
    return draft


@transaction.atomic
def set_synonym(*, actor, term: str, expansion: str) -> Synonym:
    require_catalog_editor(actor)
    folded = fold(term)
    if not folded or not expansion.strip():
        raise ValidationError({"term" if not folded else "expansion": _("This field is required.")})
    synonym, _created = Synonym.objects.update_or_create(
        term_folded=folded, defaults={"term": term.strip(), "expansion": expansion.strip()})
    record_event(actor=actor, kind="catalog.synonym_set", subject=synonym, payload={"term": term})
    return synonym
