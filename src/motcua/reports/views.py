"""Pages: the leaders' dashboard (province → agency → procedure), the 766 index with the dossiers behind
each score, exports, and the public page with the province's figures and charts."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.models import Agency
from motcua.organizations.selectors import scope_for

from . import charts, drill, exports, index, selectors
from .facts import freshness
from .selectors import Scope, ScopeError

PERIODS = ("month", "quarter", "half", "year")


def period_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar month, quarter, half-year or year containing ``day`` (report periods, not deadlines)."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first_month = (day.month - 1) // months * months + 1
    first = dt.date(day.year, first_month, 1)
    end_month = first_month + months
    stop = dt.date(day.year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return first, stop - dt.timedelta(days=1)


def _dates(request) -> tuple[dt.date, dt.date, str]:
    kind = request.GET.get("period", "quarter")
    try:
        if request.GET.get("from") and request.GET.get("to"):
            first = dt.date.fromisoformat(request.GET["from"])
            last = dt.date.fromisoformat(request.GET["to"])
            day = None
        else:
            day = dt.date.fromisoformat(request.GET["day"]) if request.GET.get("day") else timezone.localdate()
    except ValueError:
        raise ScopeError("from", _("Dates are written YYYY-MM-DD.")) from None
    if day is None:
        if last < first:
            raise ScopeError("to", _("The end of the period is before its start."))
        return first, last, "custom"
    if kind not in PERIODS:
        kind = "quarter"
    first, last = period_of(kind, day)
    return first, last, kind


def user_scope(user) -> Scope:
    """What a leader may read: the province for a global reader, else the agencies in their scope, else
    their service centres."""
    scope = scope_for(user)
    if scope.is_global_reader:
        return selectors.province_scope()
    if scope.agency_paths:
        paths = tuple(scope.agency_paths)
        agencies = [a for a in Agency.objects.values_list("id", "path", "name") if a[1].startswith(paths)]
        top = min(agencies, key=lambda a: len(a[1]))[2] if agencies else ""
        return Scope(label=top, filters=(("deciding_agency_id", tuple(a[0] for a in agencies)),))
    if scope.centre_ids:
        return Scope(label=_("My service centres"), filters=(("centre_id", tuple(sorted(scope.centre_ids))),))
    raise PermissionDenied(_("Reports are for officers and leaders."))


def _narrow(scope: Scope, request) -> tuple[Scope, str, list]:
    """Drill down: the scope narrowed to one agency (then per procedure), with the breadcrumb."""
    crumbs = []
    agency_id = request.GET.get("agency")
    if agency_id and agency_id.isdigit():
        allowed = dict(scope.filters).get("deciding_agency_id")
        if allowed is not None and int(agency_id) not in allowed:
            raise PermissionDenied(_("This agency is outside your scope."))
        agency = Agency.objects.filter(pk=int(agency_id)).first()
        if agency is None:
            raise Http404
        filters = tuple((k, v) for k, v in scope.filters if k != "deciding_agency_id")
        crumbs.append(agency)
        return Scope(label=agency.name, filters=(*filters, ("deciding_agency_id", (agency.pk,)))), "procedure", crumbs
    return scope, "agency", crumbs


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@login_required
def dashboard(request):
    base = user_scope(request.user)
    try:
        first, last, kind = _dates(request)
        scope, group, crumbs = _narrow(base, request)
        rep = selectors.report(first, last, group=group, scope=scope)
    except ScopeError as error:
        return render(request, "reports/error.html", {"field": error.field, "message": error.message}, status=400)
    rows = [(value, label, figures, _query(request, agency=value) if group == "agency" else "")
            for value, label, figures in rep.rows]
    return render(request, "reports/dashboard.html", {
        "rep": rep, "rows": rows, "group": group, "crumbs": crumbs, "scope": scope, "kind": kind,
        "periods": PERIODS, "first": first, "last": last, "freshness": freshness(),
        "query": request.GET.urlencode(), "province_query": _query(request, agency=None),
        "columns": exports.COLUMNS})


@login_required
def export(request, fmt: str):
    base = user_scope(request.user)
    try:
        first, last, _kind = _dates(request)
        scope, group, _crumbs = _narrow(base, request)
        rep = selectors.report(first, last, group=group, scope=scope)
    except ScopeError as error:
        return render(request, "reports/error.html", {"field": error.field, "message": error.message}, status=400)
    name = f"bao-cao-{first:%Y%m%d}-{last:%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(exports.as_xlsx(rep), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    elif fmt == "pdf":
        response = HttpResponse(exports.as_pdf(rep), content_type="application/pdf")
    elif fmt == "json":
        response = HttpResponse(exports.as_json(rep), content_type="application/json; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def index_page(request):
    base = user_scope(request.user)
    try:
        first, last, kind = _dates(request)
        scope, _group, crumbs = _narrow(base, request)
    except ScopeError as error:
        return render(request, "reports/error.html", {"field": error.field, "message": error.message}, status=400)
    result = index.compute(first, last, scope=scope)
    return render(request, "reports/index766.html", {
        "result": result, "first": first, "last": last, "kind": kind, "periods": PERIODS, "crumbs": crumbs,
        "freshness": freshness(), "query": request.GET.urlencode()})


@login_required
def index_dossiers(request, code: str):
    base = user_scope(request.user)
    try:
        first, last, _kind = _dates(request)
        scope, _group, _crumbs = _narrow(base, request)
    except ScopeError as error:
        return render(request, "reports/error.html", {"field": error.field, "message": error.message}, status=400)
    version = index.version_on(last)
    metric = version and index.metric_of(version, code)
    if metric is None or metric.formula not in drill.FORMULAS:
        raise Http404
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    only = request.GET.get("only", "")
    listing = drill.dossiers(metric.formula, first, last, scope=scope, page=page, only=only)
    return render(request, "reports/index_dossiers.html", {
        "metric": metric, "listing": listing, "first": first, "last": last, "only": only,
        "query": _query(request, page=None, only=None), "next_query": _query(request, page=page + 1),
        "previous_query": _query(request, page=page - 1)})


def public(request):
    """The province's figures for everyone: this year's on-time trend by month, the channel mix and the
    766 groups, each chart with its table."""
    scope = selectors.province_scope()
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today) if year == today.year else dt.date(year, 12, 31)
    rep = selectors.report(first, last, group="province", scope=scope)
    months = []
    for month in range(1, (last.month if last.year == year else 12) + 1):
        m_first, m_last = period_of("month", dt.date(year, month, 1))
        m_last = min(m_last, last)
        figures = selectors.report(m_first, m_last, group="province", scope=scope).total
        months.append((f"{month:02d}/{year}", figures))
    result = index.compute(first, last, scope=scope)
    total = rep.total
    channel_parts = [(_("At the counter"), total["received_new_channel_1"]), (_("Online"), total["received_new_channel_2"]),
                     (_("By post"), total["received_new_channel_3"])]
    trend = charts.line([(label[:2], f["share_resolved_on_time"]) for label, f in months],
                        title=_("Dossiers resolved early or on time, by month (%)"),
                        desc=_("The share of dossiers resolved early or on time each month; the table beside "
                               "gives the figures."), key="trend", low=90)
    mix = charts.stacked(channel_parts, title=_("Dossiers received by channel"),
                         desc=_("New dossiers at the counter, online and by post."), key="mix")
    groups = charts.bars([(name, float(points), float(maximum)) for _g, name, points, maximum in result.groups()],
                         title=_("766 index: points of each group"),
                         desc=_("Points of each group of the 766 index out of its maximum (estimate)."), key="groups")
    return render(request, "reports/public.html", {
        "scope": scope, "year": year, "first": first, "last": last, "total": total, "months": months,
        "channel_parts": channel_parts, "result": result, "trend": trend, "mix": mix, "groups_chart": groups,
        "freshness": freshness()})
