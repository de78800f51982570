"""Online submission from the citizen portal: a draft kept on the server (applicant data, the
procedure's own fields from the catalog's JSON schema, a file per component, uploaded or from the vault),
then one submission. The draft's reference is the submission's idempotency key: a double submit makes
one dossier."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog.models import Component

from ..models import DossierDraft, DraftFile, VaultDocument
from ..uploads import keep_checked
from .core import DossierActionError
from .intake import _applicant_fields, submit_online

PHONE = re.compile(r"^\+?\d{9,15}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ONLINE_LEVELS = {"full", "partial"}


DEFAULT_UPLOAD_KINDS = ("pdf", "jpeg", "png")


def upload_kinds(procedure_version) -> tuple:
    """PDF and images, unless the procedure's form schema allows more (``"x-upload-kinds": ["pdf", "tiff"]``,
    kinds known to uploads.KINDS)."""
    from ..uploads import KINDS

    wanted = (procedure_version.form_schema or {}).get("x-upload-kinds") or DEFAULT_UPLOAD_KINDS
    return tuple(kind for kind in wanted if kind in KINDS) or DEFAULT_UPLOAD_KINDS


def _own(actor, draft: DossierDraft) -> None:
    if actor is None or draft.owner_id != actor.pk:
        raise DossierActionError(_("This draft is not yours."))


def _editable(draft: DossierDraft) -> None:
    if draft.dossier_id:
        raise DossierActionError(_("This draft has already been submitted."))


@transaction.atomic
def start_draft(*, actor, procedure_version, applicant: dict, receiving_centre=None,
                deciding_agency=None) -> DossierDraft:
    if procedure_version.status != "published" or procedure_version.online_level not in ONLINE_LEVELS:
        raise DossierActionError(_("This procedure cannot be submitted online."))
    return DossierDraft.objects.create(owner=actor, procedure_version=procedure_version, applicant=applicant,
                                       receiving_centre=receiving_centre, deciding_agency=deciding_agency)


@transaction.atomic
def save_draft(*, actor, draft: DossierDraft, applicant: dict | None = None, fields: dict | None = None,
               receiving_centre=None, deciding_agency=None) -> DossierDraft:
    """Keeps what was entered, valid or not: checks happen at review and submission."""
    draft = DossierDraft.objects.select_for_update().get(pk=draft.pk)
    _own(actor, draft)
    _editable(draft)
    if applicant is not None:
        draft.applicant = {key: str(value)[:500] for key, value in applicant.items()}
    if fields is not None:
        draft.fields = fields
    if deciding_agency is not None:
        draft.receiving_centre, draft.deciding_agency = receiving_centre, deciding_agency
    draft.save()
    return draft


@transaction.atomic
def attach_file(*, actor, draft: DossierDraft, component: Component, uploaded_file, checked) -> DraftFile:
    """``checked``: the CheckedUpload of ``uploaded_file`` (check_and_scan has run). Replaces the
    component's previous file."""
    _own(actor, draft)
    _editable(draft)
    if component.version_id != draft.procedure_version_id:
        raise DossierActionError(_("This document is not part of the procedure."))
    DraftFile.objects.filter(draft=draft, catalog_component=component).delete()
    item = DraftFile(draft=draft, catalog_component=component)
    keep_checked(item, uploaded_file, checked)
    item.save()
    DossierDraft.objects.filter(pk=draft.pk).update(updated_at=item.added_at)
    return item


@transaction.atomic
def attach_from_vault(*, actor, draft: DossierDraft, component: Component, document: VaultDocument) -> DraftFile:
    _own(actor, draft)
    _editable(draft)
    if document.owner_id != actor.pk:
        raise DossierActionError({f"vault_{component.pk}": _("This document is not in your vault.")})
    if component.version_id != draft.procedure_version_id:
        raise DossierActionError(_("This document is not part of the procedure."))
    if not component.from_vault:
        raise DossierActionError({f"vault_{component.pk}": _("This document cannot be taken from the vault.")})
    DraftFile.objects.filter(draft=draft, catalog_component=component).delete()
    return DraftFile.objects.create(draft=draft, catalog_component=component, file=document.file.name,
                                    file_name=document.file_name, content_type=document.content_type,
                                    size=document.size, sha256=document.sha256, vault_document=document)


@transaction.atomic
def detach_file(*, actor, draft: DossierDraft, component: Component) -> None:
    _own(actor, draft)
    _editable(draft)
    DraftFile.objects.filter(draft=draft, catalog_component=component).delete()


# ------------------------------------------------------------------ checks


def _coerce(prop: dict, value):
    if value in ("", None):
        return None
    kind = prop.get("type")
    if kind == "integer":
        return int(str(value).strip())
    if kind == "number":
        return float(str(value).strip().replace(",", "."))
    if kind == "boolean":
        return value in (True, "true", "on", "1", 1)
    return str(value).strip()


def _message(error) -> str:
    validator, value = error.validator, error.validator_value
    if validator == "enum":
        return _("Choose one of the options.")
    if validator == "maxLength":
        return _("Write at most %(n)s characters.") % {"n": value}
    if validator == "minLength":
        return _("Write at least %(n)s characters.") % {"n": value}
    if validator in ("minimum", "exclusiveMinimum"):
        return _("The value must be at least %(n)s.") % {"n": value}
    if validator in ("maximum", "exclusiveMaximum"):
        return _("The value must be at most %(n)s.") % {"n": value}
    if validator == "format" and value == "date":
        return _("Enter a date (day/month/year).")
    if validator == "format" and value == "email":
        return _("Enter a valid e-mail address.")
    return _("This value is not valid.")


def clean_fields(schema: dict, raw: dict) -> tuple[dict, dict]:
    """The procedure's own fields typed by the JSON schema, and the errors by field name."""
    import jsonschema

    properties = (schema or {}).get("properties") or {}
    data, errors = {}, {}
    for name, prop in properties.items():
        try:
            value = _coerce(prop, raw.get(name))
        except ValueError:
            errors[name] = _("Enter a number.")
            continue
        if value is None or (value is False and name in (schema.get("required") or [])):
            if name in (schema.get("required") or []):
                errors[name] = _("This field is required.")
            continue
        data[name] = value
    if not properties:
        return data, errors
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    for error in validator.iter_errors(data):
        if error.validator == "required":
            continue  # reported above, in the person's words
        name = error.path[0] if error.path else ""
        if name and name not in errors:
            errors[name] = _message(error)
        elif not name:
            errors.setdefault("__all__", _message(error))
    return data, errors


def check_applicant(applicant: dict) -> dict:
    errors = {}
    if not (applicant.get("name") or "").strip():
        errors["name"] = _("Enter the applicant's name.")
    try:  # the same rules as at the counter (the name is checked above, so intake reports the ID number)
        _applicant_fields({**applicant, "name": "-"})
    except DossierActionError as exc:
        errors.update({key.split(".", 1)[-1]: value[0] for key, value in exc.message_dict.items()})
    if not (applicant.get("id_number") or "").strip() and "id_number" not in errors:
        errors["id_number"] = _("Enter the ID number (12 digits) or the enterprise code.")
    phone = (applicant.get("phone") or "").replace(" ", "")
    if phone and not PHONE.match(phone):
        errors["phone"] = _("Enter a phone number of 9 to 15 digits, optionally starting with +.")
    email = (applicant.get("email") or "").strip()
    if email and not EMAIL.match(email):
        errors["email"] = _("Enter a valid e-mail address.")
    if not (applicant.get("address") or "").strip():
        errors["address"] = _("Enter the address.")
    return errors


def check_draft(draft: DossierDraft) -> dict:
    """Everything that stops a submission, by field name ("applicant.x", "fields.x", "component_<id>",
    "place")."""
    errors = {f"applicant.{k}": v for k, v in check_applicant(draft.applicant or {}).items()}
    _data, field_errors = clean_fields(draft.procedure_version.form_schema or {}, draft.fields or {})
    errors.update({f"fields.{k}": v for k, v in field_errors.items()})
    if draft.deciding_agency_id is None:
        errors["place"] = _("Choose where to submit the dossier.")
    attached = {f.catalog_component_id for f in draft.files.all()}
    for component in draft.procedure_version.components.all():
        if component.required and component.pk not in attached:
            errors[f"component_{component.pk}"] = _("Attach this document (PDF or image).")
    return errors


@transaction.atomic
def submit_draft(*, actor, draft: DossierDraft):
    """Submits the draft once: the dossier (status "submitted online") goes to the centre's inbox."""
    draft = DossierDraft.objects.select_for_update().select_related("procedure_version").get(pk=draft.pk)
    _own(actor, draft)
    if draft.dossier_id:
        return draft.dossier
    errors = check_draft(draft)
    if errors:
        raise DossierActionError(errors)
    fields, _errors = clean_fields(draft.procedure_version.form_schema or {}, draft.fields or {})
    files = list(draft.files.select_related("catalog_component").order_by("catalog_component__position",
                                                                            "catalog_component_id"))
    applicant = {**{k: v.strip() for k, v in draft.applicant.items() if isinstance(v, str)}, "form_fields": fields}
    components = [{"name": f.catalog_component.name, "kind": "original", "copies": 1,
                   "catalog_component_id": f.catalog_component_id, "from_vault": f.vault_document_id is not None,
                   "digitized": True, "file_name": f.file_name, "sha256": f.sha256, "size": f.size,
                   "content_type": f.content_type} for f in files]
    dossier = submit_online(applicant_user=actor, procedure_version=draft.procedure_version,
                            deciding_agency=draft.deciding_agency, receiving_centre=draft.receiving_centre,
                            applicant=applicant, components=components, idempotency_key=f"draft:{draft.reference}")
    # submit_online stores the component records; the stored files are attached here, in order.
    for component, item in zip(dossier.components.order_by("id"), files, strict=False):
        if not component.file:
            component.file.name = item.file.name
            component.save(update_fields=["file"])
    draft.dossier = dossier
    draft.save(update_fields=["dossier", "updated_at"])
    return dossier


__all__ = ["attach_file", "attach_from_vault", "check_draft", "clean_fields", "detach_file", "save_draft",
           "start_draft", "submit_draft"]
