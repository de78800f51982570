"""Online submission: choose a procedure, fill the form built from it (applicant prefilled from the
account, the procedure's own fields from its JSON schema, a file per component uploaded or from the
vault), save as a draft at any time, review, submit once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers.scanning import check_and_scan
from motcua.dossiers.services import DossierActionError
from motcua.dossiers.services import drafts as draft_services

from .. import selectors
from ..forms import ApplicantForm, schema_form_class
from .common import apply_errors, citizen_required, pending_post


def choose(request):
    query = request.GET.get("q", "")
    return render(request, "portal/choose.html", {"query": query, "versions": selectors.online_versions(query)})


def start(request, code: str):
    version = selectors.online_version(code)
    if version is None:
        raise Http404(_("This procedure cannot be submitted online."))
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        user = request.user
        applicant = {"name": user.organisation_name or user.get_full_name(),
                     "id_number": user.organisation_code or user.personal_id, "phone": user.phone,
                     "email": user.email, "address": ""}
        earlier = selectors.my_dossiers(user).filter(applicant__has_key="address").values("applicant").first()
        if earlier:
            applicant["address"] = (earlier["applicant"] or {}).get("address", "")
        places = selectors.submission_places(version)
        draft = draft_services.start_draft(actor=user, procedure_version=version, applicant=applicant,
                                           receiving_centre=places[0].centre if len(places) == 1 else None,
                                           deciding_agency=places[0].agency if len(places) == 1 else None)
        return redirect("portal:draft", reference=draft.reference)
    return render(request, "portal/start.html", {"version": version,
                                                 "places": selectors.submission_places(version)})


def _place(places, key):
    return next((p for p in places if p.key == key), None)


def _components(draft, vault, errors=None):
    files = {f.catalog_component_id: f for f in draft.files.all()}
    return [{"component": c, "file": files.get(c.pk), "error": (errors or {}).get(f"component_{c.pk}"),
             "vault": vault if c.from_vault else []}
            for c in draft.procedure_version.components.all()]


def _forms(draft, data=None):
    schema = draft.procedure_version.form_schema or {}
    initial_fields = dict(draft.fields or {})
    applicant = ApplicantForm(data, initial=draft.applicant or {})
    fields = schema_form_class(schema)(data, initial=initial_fields)
    return applicant, fields


def _save(request, draft, data, places):
    """Keeps the applicant data, the procedure fields and the place from ``data`` (valid or not)."""
    applicant = {name: data.get(f"applicant-{name}", "") for name in ApplicantForm.base_fields}
    schema = draft.procedure_version.form_schema or {}
    fields = {}
    for name, prop in (schema.get("properties") or {}).items():
        value = data.get(f"fields-{name}", "")
        fields[name] = bool(value) if prop.get("type") == "boolean" else value
    place = _place(places, data.get("place", ""))
    return draft_services.save_draft(actor=request.user, draft=draft, applicant=applicant, fields=fields,
                                     receiving_centre=place.centre if place else None,
                                     deciding_agency=place.agency if place else None)


def _render_form(request, draft, places, *, data=None, errors=None, status=200):
    errors = errors or {}
    applicant, fields = _forms(draft, data)
    for_forms = {k: v for k, v in errors.items() if k.startswith(("applicant.", "fields."))}
    loose = apply_errors(ValidationError(for_forms), {"applicant": applicant, "fields": fields}, None) if for_forms else []
    loose += [m for k, v in errors.items() if k not in for_forms and k != "place" and not k.startswith("component_")
              for m in v]
    vault = list(selectors.vault_documents(request.user))
    selected = next((p.key for p in places if draft.deciding_agency_id and p.agency.pk == draft.deciding_agency_id
                     and (p.centre.pk if p.centre else None) == draft.receiving_centre_id), "")
    flat = {key: (value[0] if isinstance(value, list) else value) for key, value in errors.items()}
    return render(request, "portal/draft.html", {
        "draft": draft, "version": draft.procedure_version, "places": places, "selected_place": selected,
        "applicant_form": applicant, "fields_form": fields, "components": _components(draft, vault, flat),
        "place_error": flat.get("place"), "loose_errors": loose, "has_errors": bool(errors),
    }, status=status)


@citizen_required
def draft(request, reference):
    item = selectors.my_draft(request.user, reference)
    if item is None:
        raise Http404(_("No such draft."))
    if item.dossier_id:
        return redirect("portal:dossier", reference=item.dossier.reference)
    places = selectors.submission_places(item.procedure_version)
    if request.method == "GET":
        kept = pending_post(request)
        if kept is not None:
            item = _save(request, item, kept, places)
            messages.info(request, _("Your session had ended: what you entered was kept in the draft. "
                                     "Attach any file again if it is missing."))
        return _render_form(request, item, places)
    item = _save(request, item, request.POST, places)
    errors = {}
    for component in item.procedure_version.components.all():
        key = f"component_{component.pk}"
        upload = request.FILES.get(key)
        vault_choice = request.POST.get(f"vault_{component.pk}", "")
        try:
            if upload is not None:
                checked = check_and_scan(upload, field=key, allowed=draft_services.upload_kinds(item.procedure_version))
                draft_services.attach_file(actor=request.user, draft=item, component=component, uploaded_file=upload,
                                           checked=checked)
            elif vault_choice:
                document = selectors.vault_documents(request.user).filter(pk=vault_choice).first()
                if document is None:
                    errors[key] = [_("Choose a document from your vault.")]
                else:
                    draft_services.attach_from_vault(actor=request.user, draft=item, component=component,
                                                     document=document)
            elif request.POST.get(f"remove_{component.pk}"):
                draft_services.detach_file(actor=request.user, draft=item, component=component)
        except ValidationError as exc:
            errors.update(exc.message_dict if hasattr(exc, "error_dict") else {key: exc.messages})
    item = selectors.my_draft(request.user, reference)
    if request.POST.get("action") == "review" and not errors:
        errors = {k: [v] if isinstance(v, str) else v for k, v in draft_services.check_draft(item).items()}
        if not errors:
            return redirect("portal:review", reference=item.reference)
    if errors:
        return _render_form(request, item, places, data=request.POST, errors=errors, status=400)
    messages.success(request, _("The draft was saved. You can come back to it from “My dossiers”."))
    return redirect("portal:draft", reference=item.reference)


@require_POST
@citizen_required
def autosave(request, reference):
    """Saves the fields as they are typed (htmx, on change): files are sent with the full form only."""
    item = selectors.my_draft(request.user, reference)
    if item is None or item.dossier_id:
        raise Http404(_("No such draft."))
    _save(request, item, request.POST, selectors.submission_places(item.procedure_version))
    return HttpResponse(_("Draft saved."), content_type="text/plain; charset=utf-8")


@citizen_required
def review(request, reference):
    item = selectors.my_draft(request.user, reference)
    if item is None:
        raise Http404(_("No such draft."))
    if item.dossier_id:
        return redirect("portal:dossier", reference=item.dossier.reference)
    errors = draft_services.check_draft(item)
    if errors:
        messages.error(request, _("Some information is missing or wrong: see the marked fields."))
        return redirect("portal:draft", reference=item.reference)
    fields, _errors = draft_services.clean_fields(item.procedure_version.form_schema or {}, item.fields or {})
    properties = (item.procedure_version.form_schema or {}).get("properties") or {}
    shown = [(properties[name].get("title") or name, value) for name, value in fields.items()]
    return render(request, "portal/review.html", {
        "draft": item, "version": item.procedure_version, "fields": shown,
        "files": {f.catalog_component_id: f for f in item.files.all()},
        "components": item.procedure_version.components.all()})


@require_POST
@citizen_required
def submit(request, reference):
    item = selectors.my_draft(request.user, reference)
    if item is None:
        raise Http404(_("No such draft."))
    try:
        dossier = draft_services.submit_draft(actor=request.user, draft=item)
    except DossierActionError:
        messages.error(request, _("Some information is missing or wrong: see the marked fields."))
        return redirect("portal:draft", reference=item.reference)
    messages.success(request, _("Your dossier was submitted. The centre will check it and send you the "
                                "dossier code and the appointment date."))
    return redirect("portal:dossier", reference=dossier.reference)
