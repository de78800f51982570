"""The forms as PDF for officers: Mẫu 01–05 of a dossier their scope covers, Mẫu 06 (the register) of a
centre or agency they read. Outside the scope the answer is 404, as everywhere else."""

from __future__ import annotations

import datetime as dt
import re
from functools import wraps
from urllib.parse import quote

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.dossiers.services.core import in_scope
from motcua.organizations.selectors import agencies_visible_to, scope_for, service_centres_visible_to

from . import forms, selectors
from .formsets import current_form_set

# A register longer than this is refused: ask for a shorter period (WeasyPrint lays out every row).
MAX_REGISTER_ROWS = 3000
MAX_REGISTER_DAYS = 366
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _pdf(data: bytes, *, number: str, name: str) -> HttpResponse:
    """Inline PDF named in Vietnamese (RFC 6266: an ASCII name first, the UTF-8 name for current browsers)."""
    form = current_form_set().forms[number]
    ascii_name = f"mau-{number}-{form.slug}-{name}.pdf"
    vietnamese_name = f"Mẫu {number} - {form.title} - {name}.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="{ascii_name}"; '
                                       f"filename*=utf-8''{quote(vietnamese_name)}")
    response["Cache-Control"] = "private, no-store"
    return response


def _bad(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@require_GET
@_signed_in
def dossier_form(request, key: str, number: str):
    dossier = selectors.dossier_by_key(key)
    if dossier is None or not in_scope(request.user, dossier):
        raise Http404(_("No such dossier in your units."))
    options = {}
    if number == "01":
        options["request_base"] = request.build_absolute_uri("/")
    if number == "02" and request.GET.get("number"):
        try:
            options["number"] = int(request.GET["number"])
        except ValueError:
            return _bad(_("The parameter “%(name)s” must be a whole number.") % {"name": "number"})
    try:
        data = forms.dossier_form_pdf(number, dossier, **options)
    except forms.FormNotAvailable as error:
        raise Http404(str(error)) from None
    return _pdf(data, number=number, name=dossier.code or str(dossier.reference))


def _date(request, name: str) -> dt.date:
    value = request.GET.get(name, "")
    if ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(_("The parameter “%(name)s” must be a date written YYYY-MM-DD, e.g. 2026-03-31.")
                     % {"name": name})


def _unit(request):
    """The centre or agency of the register, among those the officer reads (None, None: not chosen)."""
    for name, visible in (("centre", service_centres_visible_to), ("agency", agencies_visible_to)):
        value = request.GET.get(name)
        if not value:
            continue
        if not value.isdigit():
            raise ValueError(_("The parameter “%(name)s” must be a number.") % {"name": name})
        unit = visible(request.user).filter(pk=int(value)).first()
        if unit is None:
            raise Http404(_("No such unit in your units."))
        return (unit, None) if name == "centre" else (None, unit)
    centres = scope_for(request.user).centre_ids
    if len(centres) == 1:
        return service_centres_visible_to(request.user).filter(pk=next(iter(centres))).first(), None
    return None, None


@require_GET
@_signed_in
def register(request):
    try:
        start, end = _date(request, "from"), _date(request, "to")
        centre, agency = _unit(request)
    except ValueError as error:
        return _bad(str(error))
    if start > end:
        return _bad(_("The parameter “%(start)s” must not be after “%(end)s”.") % {"start": "from", "end": "to"})
    if (end - start).days >= MAX_REGISTER_DAYS:
        return _bad(_("The period may cover at most %(days)s days.") % {"days": MAX_REGISTER_DAYS})
    if centre is None and agency is None:
        return _bad(_("Give the parameter “%(centre)s” (a service centre) or “%(agency)s”.")
                    % {"centre": "centre", "agency": "agency"})
    if selectors.register_dossiers(start=start, end=end, centre=centre, agency=agency).count() > MAX_REGISTER_ROWS:
        return _bad(_("More than %(rows)s dossiers in this period: choose a shorter one.") % {"rows": MAX_REGISTER_ROWS})
    data = forms.register_pdf(start=start, end=end, centre=centre, agency=agency)
    unit = (centre.code or str(centre.pk)) if centre is not None else agency.code
    return _pdf(data, number="06", name=f"{unit}-{start:%Y%m%d}-{end:%Y%m%d}")
