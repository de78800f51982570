"""The applicant's own dossiers: the list with drafts, one dossier with its full history, the Mẫu 01 and
Mẫu 02 forms, online supplementation, the result (download, delivery) and the rating."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.documents import forms as pdf_forms
from motcua.dossiers import states
from motcua.dossiers.scanning import check_and_scan
from motcua.dossiers.services import DossierActionError, online, rating, vault
from motcua.dossiers.services.payments import PAYABLE, amount_due

from .. import selectors
from ..forms import DeliveryForm, RatingForm
from .common import citizen_required

EVENT_LABELS = {
    "submitted": gettext_lazy("Submitted online"),
    "received": gettext_lazy("Received by the centre: dossier code issued"),
    "guided": gettext_lazy("The centre asked you to complete the dossier before receiving it"),
    "refused": gettext_lazy("Refused"),
    "assigned": gettext_lazy("Assigned to an officer"),
    "appraised": gettext_lazy("Appraised"),
    "reviewed": gettext_lazy("Reviewed"),
    "approved": gettext_lazy("Approved"),
    "signed": gettext_lazy("Signed"),
    "moved": gettext_lazy("Moved to the next step"),
    "returned_for_rework": gettext_lazy("Sent back for rework"),
    "supplementation_requested": gettext_lazy("Supplementation requested"),
    "supplementation_received": gettext_lazy("Supplement received: processing resumed"),
    "payment_requested": gettext_lazy("Payment requested"),
    "payment_recorded": gettext_lazy("Payment received"),
    "rescheduled": gettext_lazy("New appointment date, with an apology"),
    "result_issued": gettext_lazy("Result ready"),
    "result_returned": gettext_lazy("Result returned"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "stopped": gettext_lazy("Processing stopped"),
    "delivery_chosen": gettext_lazy("Delivery of the result chosen"),
    "rated": gettext_lazy("Rated"),
    "due_recomputed": gettext_lazy("Appointment date recalculated"),
    "joined": gettext_lazy("Partner agency finished its part"),
}
PUBLIC_EVENTS = {"submitted", "received", "refused", "supplementation_requested", "supplementation_received",
                 "payment_requested", "payment_recorded", "rescheduled", "result_issued", "result_returned",
                 "withdrawn", "stopped"}


def history(dossier, *, public: bool = False) -> list[dict]:
    rows = []
    for event in dossier.events.all():
        if public and event.kind not in PUBLIC_EVENTS:
            continue
        rows.append({"at": event.occurred_at, "label": EVENT_LABELS.get(event.kind, event.kind),
                     "status": dict(dossier.STATUS_CHOICES).get(event.to_status, "") if event.to_status else ""})
    return rows


def _dossier(request, reference):
    dossier = selectors.my_dossier(request.user, reference)
    if dossier is None:
        raise Http404(_("No such dossier among yours."))
    return dossier


def _is_applicant(request, dossier) -> bool:
    return dossier.applicant_user_id == request.user.pk


@citizen_required
def dossier_list(request):
    return render(request, "portal/dossiers.html", {
        "dossiers": list(selectors.my_dossiers(request.user)[:200]), "drafts": list(selectors.my_drafts(request.user)),
        "identity_verified": bool(request.user.identity_verified_at)})


@citizen_required
def dossier_detail(request, reference):
    dossier = _dossier(request, reference)
    acting = _is_applicant(request, dossier)
    open_episode = next((s for s in dossier.supplementations.all() if s.received_at is None), None)
    result = getattr(dossier, "result", None)
    existing_rating = getattr(dossier, "rating", None)
    return render(request, "portal/dossier.html", {
        "dossier": dossier, "history": history(dossier), "acting": acting,
        "components": dossier.components.all(), "payments": dossier.payments.all(),
        "amount_due": amount_due(dossier), "can_pay": acting and dossier.status in PAYABLE and amount_due(dossier) > 0,
        "open_episode": open_episode if dossier.status == states.Status.SUPPLEMENTATION else None,
        "result": result, "has_result_file": bool(result and result.file),
        "delivery_form": DeliveryForm(initial={"delivery": dossier.result_delivery, "address": next(
            (e.payload.get("address", "") for e in list(dossier.events.all())[::-1] if e.kind == "delivery_chosen"), "")}),
        "can_choose_delivery": acting and dossier.status not in states.FINAL,
        "rating": existing_rating,
        "rating_form": RatingForm() if acting and existing_rating is None and dossier.status in rating.RATEABLE else None,
        "has_receipt": bool(dossier.code and dossier.received_at),
        "has_supplementation_form": dossier.supplementations.all().exists() or any(
            e.kind == "guided" for e in dossier.events.all()),
    })


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
def receipt_pdf(request, reference):
    dossier = _dossier(request, reference)
    if not dossier.code:
        raise Http404(_("The dossier has not been received yet."))
    return _pdf(pdf_forms.receipt_pdf(dossier, request_base=request.build_absolute_uri("/").rstrip("/")),
                f"mau-01-{dossier.code}.pdf")


@citizen_required
def supplementation_pdf(request, reference):
    dossier = _dossier(request, reference)
    try:
        data = pdf_forms.supplementation_pdf(dossier)
    except pdf_forms.FormNotAvailable as exc:
        raise Http404(str(exc)) from exc
    return _pdf(data, f"mau-02-{dossier.code or dossier.reference}.pdf")


@citizen_required
def supplement(request, reference):
    dossier = _dossier(request, reference)
    episode = next((s for s in dossier.supplementations.all() if s.received_at is None), None)
    if episode is None or dossier.status != states.Status.SUPPLEMENTATION or not _is_applicant(request, dossier):
        messages.info(request, _("No supplementation is awaited for this dossier."))
        return redirect("portal:dossier", reference=dossier.reference)
    items = [{"index": i, "name": item.get("name", ""), "note": item.get("note", ""), "error": None}
             for i, item in enumerate(episode.items)]
    loose = []
    if request.method == "POST":
        files = []
        for item in items:
            upload = request.FILES.get(f"item_{item['index']}")
            if upload is None:
                continue
            try:
                files.append((item["name"], upload, check_and_scan(upload, field=f"item_{item['index']}")))
            except ValidationError as exc:
                item["error"] = exc.messages[0]
        if not files and not any(i["error"] for i in items):
            loose.append(_("Attach at least one of the requested documents."))
        if files and not any(i["error"] for i in items):
            try:
                online.supplement_online(actor=request.user, dossier=dossier, files=files,
                                         expected_version=int(request.POST.get("version") or 0) or None)
            except DossierActionError as exc:
                loose.extend(exc.messages)
            else:
                messages.success(request, _("Your documents were sent. Processing has resumed."))
                return redirect("portal:dossier", reference=dossier.reference)
    return render(request, "portal/supplement.html", {"dossier": dossier, "episode": episode, "items": items,
                                                      "loose_errors": loose},
                  status=400 if request.method == "POST" else 200)


@citizen_required
def result_file(request, reference):
    dossier = _dossier(request, reference)
    result = getattr(dossier, "result", None)
    if result is None or not result.file:
        raise Http404(_("This dossier has no electronic result."))
    return FileResponse(result.file.open("rb"), as_attachment=True,
                        filename=f"ket-qua-{dossier.code}{_extension(result.file.name)}")


def _extension(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


@citizen_required
def component_file(request, reference, pk: int):
    dossier = _dossier(request, reference)
    component = next((c for c in dossier.components.all() if c.pk == pk and c.file), None)
    if component is None:
        raise Http404(_("No such file."))
    return FileResponse(component.file.open("rb"), as_attachment=True, filename=component.file_name or None)


@require_POST
@citizen_required
def keep_result(request, reference):
    dossier = _dossier(request, reference)
    try:
        vault.keep_result(actor=request.user, dossier=dossier)
    except DossierActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The result was kept in your document vault."))
    return redirect("portal:dossier", reference=dossier.reference)


@require_POST
@citizen_required
def delivery(request, reference):
    dossier = _dossier(request, reference)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            online.choose_delivery(actor=request.user, dossier=dossier, delivery=form.cleaned_data["delivery"],
                                   address=form.cleaned_data["address"])
        except DossierActionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your choice of delivery was recorded."))
    else:
        messages.error(request, _("Choose at the counter or by post."))
    return redirect("portal:dossier", reference=dossier.reference)


@require_POST
@citizen_required
def rate(request, reference):
    dossier = _dossier(request, reference)
    return _rate(request, dossier, actor=request.user, via_link=False)


def _rate(request, dossier, *, actor, via_link: bool, token: str = ""):
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rating.rate(actor=actor, dossier=dossier, overall=form.cleaned_data["overall"], criteria=form.criteria(),
                        comment=form.cleaned_data["comment"], via_link=via_link)
        except DossierActionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you for your rating."))
        if via_link:
            return redirect("portal:rate_link", token=token)
        return redirect("portal:dossier", reference=dossier.reference)
    return render(request, "portal/rate.html", {"dossier": dossier, "form": form, "token": token}, status=400)


def rate_link(request, token: str):
    """The rating page reached from the link in the result notification: no login needed."""
    dossier = rating.dossier_from_token(token)
    if dossier is None:
        raise Http404(_("This rating link is not valid or has expired."))
    if request.method == "POST":
        return _rate(request, dossier, actor=request.user if request.user.is_authenticated else None,
                     via_link=True, token=token)
    existing = type(dossier).objects.filter(pk=dossier.pk, rating__isnull=False).exists()
    return render(request, "portal/rate.html", {
        "dossier": dossier, "token": token, "already": existing,
        "form": RatingForm() if not existing and dossier.status in rating.RATEABLE else None})
