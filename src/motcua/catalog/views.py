"""Public pages of the procedure catalog (no login): search and browse, a procedure with its history,
life events. Only published and retired versions are shown; a draft answers 404."""

import os
from urllib.parse import urlencode, urlsplit

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from motcua.organizations.models import Agency
from motcua.workdays.durations import Duration
from motcua.workdays.errors import WorkdaysError
from motcua.workdays.presenters import duration_label

from . import selectors
from .models import Applicant, Component, Fee, Level, Method, OnlineLevel, ProcedureVersion

PAGE_SIZE = 20
SEARCH_LIMIT = 30


class BrowseForm(forms.Form):
    """The search words and browsing filters of the catalog pages (all optional, all in the query string)."""

    q = forms.CharField(label=gettext_lazy("Words to search"), required=False, max_length=200)
    field = forms.CharField(label=gettext_lazy("Field"), required=False, max_length=40)
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False, choices=[("", "")] + Level.choices)
    applicant = forms.ChoiceField(label=gettext_lazy("For"), required=False,
                                  choices=[("", "")] + Applicant.choices)
    online_level = forms.ChoiceField(label=gettext_lazy("Online"), required=False,
                                     choices=[("", "")] + OnlineLevel.choices)
    agency = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=13)

    def clean(self):
        data = super().clean()
        for name in ("field", "agency"):
            try:
                selectors.check_filters(**{name: data.get(name) or ""})
            except selectors.UnknownFilterValue as unknown:
                self.add_error(name, _("Nothing in the catalog has the code “%(code)s”.") % {"code": unknown.value})
        return data

    def filters(self) -> dict:
        return {name: self.cleaned_data[name] for name in selectors.FILTER_NAMES if self.cleaned_data.get(name)}


def format_vnd(amount: int) -> str:
    """50000 → "50.000 đồng" in Vietnamese, "50,000 VND" in English."""
    if (get_language() or "vi").startswith("vi"):
        return f"{amount:,}".replace(",", ".") + " đồng"
    return f"{amount:,} VND"


def processing_time_text(version: ProcedureVersion) -> str:
    unit, amount = version.processing_unit, version.processing_amount
    if not unit:
        return ""
    try:
        return duration_label(Duration(1 if unit == "same_day" else amount, unit))
    except (WorkdaysError, TypeError, ValueError):
        return f"{amount or ''} {version.get_processing_unit_display()}".strip()


def _labels(enum, values) -> list[str]:
    known = dict(enum.choices)
    return [str(known.get(value, value)) for value in values]


def unconfirmed_labels() -> dict:
    """The document keys of ``unconfirmed`` in words (the versions' own labels where there is one)."""
    def label(name):
        return ProcedureVersion._meta.get_field(name).verbose_name

    return {
        "name": label("name"), "field": _("field"), "levels": label("levels"),
        "deciding_agency_kinds": label("deciding_agency_kinds"), "applicants": label("applicants"),
        "methods": label("methods"), "steps": label("steps"), "processing_time": label("processing_amount"),
        "cutoff": label("cutoff"), "components": Component._meta.verbose_name_plural,
        "fees": Fee._meta.verbose_name_plural, "result": label("result_name"), "legal_basis": label("legal_basis"),
        "requirements": label("requirements"), "online_level": label("online_level"),
        "publishing_decision": label("decision_number"), "sources": label("sources"),
    }


def summary(version: ProcedureVersion, procedure=None) -> dict:
    """What a list shows of a version: name, code, field, levels and online level."""
    procedure = procedure or version.procedure
    return {
        "code": procedure.localised_code, "name": version.name, "field": procedure.field.name,
        "levels": _labels(Level, version.levels), "online_level": version.online_level,
        "online_label": version.get_online_level_display(),
    }


def _results(form: BrowseForm, page_number) -> dict | None:
    """Search hits (best first) or the browsed list (paginated); None when nothing was asked."""
    if not form.is_bound or not form.is_valid():
        return None
    query, filters = form.cleaned_data["q"].strip(), form.filters()
    if query:
        versions = selectors.search_versions(query, limit=SEARCH_LIMIT, **filters)
        count = len(versions)
        text = (ngettext("%(count)d procedure found for “%(query)s”.", "%(count)d procedures found for “%(query)s”.",
                         count) if count else _("No procedure found for “%(query)s”.")) % {
            "count": count, "query": query}
        return {"query": query, "items": [summary(v) for v in versions], "count": count, "page": None,
                "summary": text}
    if not filters:
        return None
    page = Paginator(selectors.browse(**filters), PAGE_SIZE).get_page(page_number)
    count = page.paginator.count
    text = (ngettext("%(count)d procedure.", "%(count)d procedures.", count) if count
            else _("No procedure matches these choices.")) % {"count": count}
    return {"query": "", "items": [summary(v) for v in page.object_list], "count": count, "page": page,
            "summary": text}


def _active_filters(form: BrowseForm, facets: selectors.Facets) -> list[dict]:
    if not form.is_bound or not form.is_valid():
        return []
    names = {"field": {f.value: f.label for f in facets.fields},
             "agency": {f.value: f.label for f in facets.centres + facets.agencies},
             "level": dict(Level.choices), "applicant": dict(Applicant.choices),
             "online_level": dict(OnlineLevel.choices)}
    return [{"name": name, "label": form.fields[name].label, "value": names[name].get(value, value)}
            for name, value in form.filters().items()]


@require_GET
def home(request):
    """Search, browse by field, place, level, audience and online level, and the life events."""
    form = BrowseForm(request.GET or None)
    facets = selectors.facets()
    results = _results(form, request.GET.get("page"))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "catalog/home.html", {
        "form": form, "facets": facets, "results": results, "active_filters": _active_filters(form, facets),
        "life_events": selectors.life_events(), "q": request.GET.get("q", ""),
        "selected": {name: request.GET.get(name, "") for name in selectors.FILTER_NAMES},
    }, status=status)


@require_GET
def results(request):
    """The results panel alone, for search-as-you-type (HTMX); the same list the home page shows."""
    form = BrowseForm(request.GET or None)
    # htmx swaps only successful answers: a bad filter is explained inside the panel.
    response = render(request, "catalog/_results.html", {
        "form": form, "results": _results(form, request.GET.get("page")), "partial": True,
    })
    home = reverse("catalog:home")
    if request.headers.get("HX-Request") and urlsplit(request.headers.get("HX-Current-URL", "")).path == home:
        # On the catalog's own page the address follows the words, so Back and Reload show the same results.
        asked = urlencode([(name, value) for name, value in request.GET.items() if value and name != "page"])
        response["HX-Replace-Url"] = f"{home}?{asked}" if asked else home
    return response


@require_GET
def life_event_list(request):
    return render(request, "catalog/life_event_list.html", {"life_events": selectors.life_events()})


@require_GET
def life_event(request, code):
    event = selectors.life_event(code)
    if event is None:
        raise Http404(_("No such life event."))
    items = [summary(item.procedure.current_version, item.procedure) for item in event.published_items]
    return render(request, "catalog/life_event.html", {
        "event": event, "items": items, "unpublished": event.item_count - len(items),
    })


def _procedure_context(version: ProcedureVersion) -> dict:
    procedure = version.procedure
    centres, agencies = selectors.offerings(procedure)
    unconfirmed = set(version.unconfirmed)
    words = unconfirmed_labels()
    components = [{
        "position": index, "name": c.name, "originals": c.originals, "copies": c.copies, "required": c.required,
        "condition": c.condition, "from_vault": c.from_vault, "form_name": c.form_name,
        "form_url": _form_url(version, c) if c.form_file else "",
    } for index, c in enumerate(version.components.all(), start=1)]
    fees = [{
        "name": f.name, "kind": f.get_kind_display(), "rule": f.rule, "exemptions": f.exemptions,
        "amount": format_vnd(f.amount_vnd) if f.amount_vnd is not None else "", "free": f.amount_vnd == 0,
    } for f in version.fees.all()]
    current = procedure.current_version
    return {
        "version": version, "procedure": procedure, "field": procedure.field,
        "is_current": version.status == ProcedureVersion.Status.PUBLISHED,
        "current_number": current.number if current else None,
        "levels": _labels(Level, version.levels),
        "deciding_agency_kinds": _labels(Agency.Kind, version.deciding_agency_kinds),
        "applicants": _labels(Applicant, version.applicants), "methods": _labels(Method, version.methods),
        "processing_time": processing_time_text(version),
        "steps": [line.strip() for line in version.steps.splitlines() if line.strip()],
        "components": components, "fees": fees, "centres": centres, "agencies": agencies,
        "unconfirmed": unconfirmed, "unconfirmed_words": [words.get(key, key) for key in version.unconfirmed],
    }


def _form_url(version: ProcedureVersion, component) -> str:
    return reverse("catalog:form_file", kwargs={"code": version.procedure.localised_code,
                                                "number": version.number, "component": component.pk})


@require_GET
def procedure(request, code):
    """The version in force of a procedure. A national base code alone leads to the one local procedure."""
    version = selectors.public_version(code)
    if version is None:
        found = selectors.procedure_by_base_code(code)
        if found is not None:
            return redirect("catalog:procedure", code=found.localised_code)
        raise Http404(_("No published procedure has this code."))
    return render(request, "catalog/procedure.html", _procedure_context(version))


@require_GET
def version_detail(request, code, number):
    """Any published or retired version, read-only; drafts are not public."""
    version = selectors.public_version(code, number)
    if version is None:
        raise Http404(_("No such version of this procedure."))
    return render(request, "catalog/procedure.html", _procedure_context(version))


@require_GET
def history(request, code):
    procedure, versions = selectors.public_history(code)
    if procedure is None:
        raise Http404(_("No published procedure has this code."))
    return render(request, "catalog/history.html", {
        "procedure": procedure, "versions": versions, "name": versions[0].name})


@require_GET
def form_file(request, code, number, component):
    """A component's form (mẫu đơn, tờ khai) as a download, for published and retired versions only."""
    found = (Component.objects.filter(pk=component, version__number=number,
                                      version__procedure__localised_code=code,
                                      version__status__in=selectors.PUBLIC_STATUSES)
             .exclude(form_file="").first())
    if found is None:
        raise Http404(_("No such form."))
    try:
        handle = found.form_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("No such form.")) from missing
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(found.form_file.name))


@require_GET
@cache_control(public=True, max_age=86400)
def stylesheet(request):
    """The catalog's small stylesheet (screen and A4 print)."""
    return render(request, "catalog/catalog.css", content_type="text/css; charset=utf-8")
