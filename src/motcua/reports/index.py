"""The 766 service index for a scope (agency subtree, administrative unit, province) and a period: each
metric's numerator and denominator from the report's figures (rollups) or the catalog, scored by the
configured version (``IndexVersion`` valid on the period's last day) with ``index766.score``.

Metrics whose data motcua does not record yet (synchronisation with the national portal, population
data, certified e-copies, feedback) are computed from what exists and say so (``note``): their
numerator is 0 and the configured rule for an empty denominator applies; feedback (5.2, 5.3) has none
recorded, so it gets full points per §8 ("full points when there is no feedback")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from motcua.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from motcua.workdays.selectors import engine_calendar

from . import index766
from .models import DailyRollup, IndexMetric, IndexVersion, MonthlyRollup
from .selectors import Scope, report

NOT_TRACKED = "not_tracked"


@dataclass
class MetricResult:
    code: str
    group: int
    group_name: str
    name: str
    numerator: Decimal
    denominator: Decimal
    score: index766.Score
    target: Decimal
    note: str = ""
    drill: bool = False  # dossiers behind it can be listed


@dataclass
class IndexResult:
    first: dt.date
    last: dt.date
    scope: Scope
    version: IndexVersion | None
    metrics: list = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    out_of: Decimal = Decimal("0.00")
    normalised: Decimal = Decimal("0.00")
    grade: str = ""
    average_hours: float | None = None

    def groups(self) -> list[tuple[int, str, Decimal, Decimal]]:
        out = {}
        for m in self.metrics:
            g = out.setdefault(m.group, [m.group_name, Decimal(0), Decimal(0)])
            if m.score.scored:
                g[1] += m.score.points
                g[2] += m.score.max_points
        return [(k, v[0], v[1], v[2]) for k, v in sorted(out.items())]


def version_on(day: dt.date) -> IndexVersion | None:
    return IndexVersion.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def _procedures(scope: Scope) -> list[ProcedureVersion]:
    """The published procedures in the scope's remit: offered by (or published by) its agencies, or offered
    in its administrative units. Only the columns the metrics read (the records' long texts stay out)."""
    procedures = Procedure.objects.all()
    filters = dict(scope.filters)
    agencies, units = filters.get("deciding_agency_id"), filters.get("unit_id")
    if agencies is not None:
        procedures = procedures.filter(Q(offerings__agency_id__in=agencies) | Q(publishing_agency_id__in=agencies))
    if units is not None:
        procedures = procedures.filter(Q(offerings__agency__administrative_unit_id__in=units)
                                       | Q(offerings__service_centre__administrative_unit_id__in=units))
    versions = (ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED,
                                                procedure_id__in=procedures.values("id"))
                .only("id", "procedure_id", "name", "methods", "processing_unit", "applicants", "deciding_agency_kinds",
                      "result_name", "legal_basis", "online_level", "decision_date", "decision_effective_date",
                      "published_at"))
    return list(versions.prefetch_related("fees", "components"))


def _per_procedure(first: dt.date, last: dt.date, scope: Scope) -> dict:
    """{procedure id: (online dossiers received, dossiers paid online)} in the period, from the rollups."""
    stop = last + dt.timedelta(days=1)  # a date range bound
    month_first = first.replace(day=1) if first.day == 1 else None
    out: dict = {}

    def add(queryset):
        for row in (queryset.filter(scope.q()).order_by().values("procedure_id")
                    .annotate(online=Sum("received", filter=Q(channel=2)), paid=Sum("paid_online"))):
            online, paid = out.get(row["procedure_id"], (0, 0))
            out[row["procedure_id"]] = (online + (row["online"] or 0), paid + (row["paid"] or 0))

    if month_first and stop.day == 1:
        add(MonthlyRollup.objects.filter(month__gte=first, month__lt=stop))
    else:
        add(DailyRollup.objects.filter(day__gte=first, day__lt=stop))
    return out


def _catalog_ratios(versions, per_procedure) -> dict:
    calendar = engine_calendar("VN")
    published_on_time = made_public_on_time = complete = online = online_used = 0
    fee_bearing = fee_payable = fee_paid = 0
    dated = public_dated = 0
    for v in versions:
        if v.decision_date and v.decision_effective_date:
            dated += 1
            # The decision must precede the legal basis's effect by 5 working days (taken as the decision's own
            # effective date: the catalog records no separate date for the legal basis).
            try:
                latest = calendar.due(dt.datetime.combine(v.decision_date, dt.time(8), calendar.tzinfo), "5wd").due_at
                published_on_time += latest.date() <= v.decision_effective_date
            except Exception:  # noqa: BLE001 - a date outside the calendar: not counted as on time
                pass
        if v.decision_date and v.published_at:
            public_dated += 1
            try:
                limit = calendar.due(dt.datetime.combine(v.decision_date, dt.time(8), calendar.tzinfo), "5wd").due_at
                made_public_on_time += v.published_at <= limit
            except Exception:  # noqa: BLE001
                pass
        complete += all((v.name, v.methods, list(v.components.all()), v.processing_unit, v.applicants,
                         v.deciding_agency_kinds, v.result_name, v.legal_basis))
        is_online = v.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)
        online += is_online
        online_dossiers, paid = per_procedure.get(v.procedure_id, (0, 0))
        if is_online:
            online_used += online_dossiers > 0
        has_fee = any((f.amount_vnd or 0) > 0 or f.rule for f in v.fees.all())
        if has_fee:
            fee_bearing += 1
            fee_payable += v.online_level == OnlineLevel.FULL
            fee_paid += paid > 0
    n = len(versions)
    return {
        "published_on_time": (published_on_time, dated), "made_public_on_time": (made_public_on_time, public_dated),
        "complete_records": (complete, n), "procedures_online": (online, n), "online_used": (online_used, online),
        "fee_procedures_payable": (fee_payable, fee_bearing), "fee_procedures_paid": (fee_paid, fee_bearing),
    }


NOTES = {
    "synchronised": NOT_TRACKED, "population_procedures": NOT_TRACKED, "population_dossiers": NOT_TRACKED,
    "certified_copies": NOT_TRACKED, "feedback_by_category": NOT_TRACKED, "feedback_on_time": NOT_TRACKED,
    "feedback_satisfied": NOT_TRACKED,
}
DRILL = {"on_time", "online_dossiers", "dossiers_paid_online", "e_results", "digitized", "reused", "data_store",
         "dossier_satisfaction", "average_time"}


def ratios(first: dt.date, last: dt.date, scope: Scope) -> tuple[dict, dict]:
    """{formula: (numerator, denominator)} for every formula, and the report's total figures."""
    figures = report(first, last, group="province", scope=scope).total
    versions = _procedures(scope)
    out = _catalog_ratios(versions, _per_procedure(first, last, scope))
    new, handled = figures["received_new"], figures["handled"]
    late = figures["ended"] - figures["ended_on_time"] + figures["in_progress_overdue"]
    out.update({
        "synchronised": (0, new),
        "on_time": (figures["ended_on_time"] + figures["in_progress_within"], handled),
        "average_time": (figures["processing_seconds"] / 3600, figures["resolved"]),
        "online_dossiers": (figures["online_766"], new),
        "dossiers_paid_online": (figures["paid_online"], figures["fee_bearing"]),
        "e_results": (figures["e_result_resolved"], figures["paper_result_resolved"]),
        "digitized": (figures["digitized"], new),
        "reused": (figures["reused"], new),
        "data_store": (figures["data_store"], new),
        "population_procedures": (0, len(versions)),
        "population_dossiers": (0, new),
        "certified_copies": (0, 0),
        "feedback_by_category": (0, 0),
        "feedback_on_time": (0, 0),
        "feedback_satisfied": (0, 0),
    })
    ratio = index766.satisfaction_ratio(handled, late, 0)
    out["dossier_satisfaction"] = (ratio.numerator, ratio.denominator)
    return out, figures


def compute(first: dt.date, last: dt.date, *, scope: Scope | None = None, commune: bool = False) -> IndexResult:
    scope = scope or Scope()
    version = version_on(last)
    result = IndexResult(first, last, scope, version)
    if version is None:
        return result
    values, figures = ratios(first, last, scope)
    result.average_hours = figures["average_hours"]
    points, maxima = [], []
    for metric in version.metrics.all().order_by("position"):
        if commune and not metric.applies_to_communes:
            continue
        numerator, denominator = values.get(metric.formula, (0, 0))
        ratio = index766.Ratio(Decimal(str(numerator)), Decimal(str(denominator)))
        if metric.formula == "average_time":
            s = index766.Score(None, Decimal(0), None)
        else:
            s = index766.score(ratio, max_points=metric.max_points, target=metric.target, zero_rule=metric.zero_rule)
        if s.scored and metric.max_points:
            points.append(s.points)
            maxima.append(s.max_points)
        note = _("not recorded by motcua yet") if NOTES.get(metric.formula) == NOT_TRACKED else ""
        result.metrics.append(MetricResult(metric.code, metric.group, metric.group_name, metric.name,
                                           ratio.numerator, ratio.denominator, s, metric.target, note,
                                           metric.formula in DRILL))
    result.total, result.out_of = index766.total(points, maxima)
    result.normalised = index766.normalised(points, maxima)
    result.grade = index766.grade(result.normalised, [tuple(b) for b in version.bands] or index766.DEFAULT_BANDS)
    return result


def metric_of(version: IndexVersion, code: str) -> IndexMetric | None:
    return version.metrics.filter(code=code).first()


def seed_default_version() -> IndexVersion:
    """The first configuration version (domain reference §8); idempotent, keeps edits."""
    version, _created = IndexVersion.objects.get_or_create(code="766-2022", defaults={
        "name": "Bộ chỉ số 766 (Quyết định 766/QĐ-TTg ngày 23/6/2022)", "valid_from": dt.date(2022, 6, 23),
        "bands": [list(b) for b in index766.DEFAULT_BANDS]})
    for position, (code, group, group_name, name, max_points, target, formula, zero_rule, communes) in enumerate(
            index766.DEFAULT_METRICS):
        IndexMetric.objects.get_or_create(version=version, code=code, defaults={
            "group": group, "group_name": group_name, "name": name, "max_points": max_points, "target": target,
            "formula": formula, "zero_rule": zero_rule, "applies_to_communes": communes, "position": position})
    return version


def procedure_ids(scope: Scope) -> list[int]:
    return list(Procedure.objects.filter(pk__in=[v.procedure_id for v in _procedures(scope)]).values_list("pk", flat=True))
