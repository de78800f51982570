"""Counter intake: find the procedure (the catalog's search), identify the applicant by ID number (a
returning applicant's data is filled in), tick the components handed in with their scans, collect the
fees, then receive (Mẫu 01 printed at once), guide (Mẫu 02) or refuse (Mẫu 03). Every step has a
keyboard shortcut; the form carries an idempotency key, so a double click receives one dossier."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.catalog.search import search
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierActionError
from motcua.dossiers.services import workspace as counter_services

from .. import selectors
from ..decorators import officer_required
from ..forms_dossier import IntakeForm


def _centre_or_403(request):
    centre = selectors.receiving_centre(request.user)
    if centre is None:
        raise PermissionDenied(_("Counter intake is for officers of a service centre."))
    return centre


def _hits(query: str):
    query = (query or "").strip()
    return [hit.version for hit in search(query, limit=8)] if query else []


@officer_required
def intake_start(request):
    centre = _centre_or_403(request)
    query = request.GET.get("q", "")
    context = {"centre": centre, "query": query, "hits": _hits(query), "searched": bool(query.strip())}
    if request.headers.get("HX-Request"):
        return render(request, "workspace/_intake_hits.html", context)
    return render(request, "workspace/intake_start.html", context)


@officer_required
def intake_applicant(request):
    """A returning applicant's data by ID number, as JSON for the form (empty object when unknown)."""
    _centre_or_403(request)
    applicant = dossier_selectors.returning_applicant(request.user, request.GET.get("id_number", ""))
    return JsonResponse({"applicant": applicant or {}})


@officer_required
def intake_form(request, version_pk):
    centre = _centre_or_403(request)
    version = selectors.intake_version(version_pk)
    if version is None:
        raise Http404(_("No published procedure with this number."))
    agencies = selectors.deciding_agencies(request.user, version, centre)
    fees = list(version.fees.all())
    fee_total = sum(fee.amount_vnd or 0 for fee in fees)
    form = IntakeForm(request.POST or None, request.FILES or None, version=version, agencies=agencies,
                      fee_total=fee_total)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = _decide(request, form, version, centre, fee_total)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not take this action on this dossier."))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    name = {"applicant.name": "applicant_name", "applicant.id_number": "applicant_id_number",
                            "items": "missing"}.get(field, field)
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            return redirect("workspace:intake_done", reference=dossier.reference)
    return render(request, "workspace/intake_form.html", {
        "centre": centre, "version": version, "form": form, "fees": fees, "fee_total": fee_total,
        "agencies": agencies, "status": 400 if form.errors else 200,
    }, status=400 if form.errors else 200)


def _decide(request, form, version, centre, fee_total) -> Dossier:
    agency = form.agency()
    if agency is None:
        raise DossierActionError({"deciding_agency": _("Choose the deciding agency.")})
    data = form.cleaned_data
    common = {"actor": request.user, "idempotency_key": data["idempotency_key"], "procedure_version": version,
              "receiving_centre": centre, "deciding_agency": agency, "applicant": form.applicant()}
    decision = form.decision()
    if decision == "guide":
        return counter_services.guide_at_counter(**common, items=form.missing_items(), note=data.get("missing", ""))
    if decision == "refuse":
        return counter_services.refuse_at_counter(**common, reasons=data["reasons"])
    components, files = form.received_components()
    dossier = counter_services.receive_at_counter(
        **common, components=components, files=files,
        fee_collected=fee_total if data.get("fee_collected") else 0, payment_method=data["payment_method"] or "cash",
        result_delivery=data["result_delivery"])
    return dossier


@officer_required
def intake_done(request, reference):
    _centre_or_403(request)
    try:
        dossier = dossier_selectors.dossier_detail(str(reference), request.user)
    except Dossier.DoesNotExist:
        raise Http404(_("No such dossier in your units.")) from None
    kinds = {e.kind for e in dossier.events.all()}
    form_number = "01" if "received" in kinds else "02" if "guided" in kinds else "03"
    return render(request, "workspace/intake_done.html", {
        "dossier": dossier, "form_number": form_number, "key": dossier.code or dossier.reference,
        "components": list(dossier.components.all())})
