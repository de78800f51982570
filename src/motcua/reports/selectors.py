"""Reads of the statistics: the periodic report from the rollups (five queries whatever the number of
dossiers, the ratings of the period being one), the same figures computed directly over the raw dossiers (the reference the rollups must
equal), scopes (agency, administrative unit) and labels.

A period is local dates [first, last] (inclusive): instants from local midnight of ``first`` to local
midnight after ``last``."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from motcua.catalog.models import Field, Procedure
from motcua.dossiers import definitions as d
from motcua.dossiers import states
from motcua.dossiers.models import Dossier, DossierRating
from motcua.organizations.models import AdministrativeUnit, Agency, Division, ServiceCentre

from .facts import zone
from .models import KEY_FIELDS, ROLLUP_MEASURES, DailyRollup, MonthlyRollup

GROUPS = {
    "province": None,
    "agency": "deciding_agency_id",
    "division": "division_id",
    "centre": "centre_id",
    "procedure": "procedure_id",
    "field": "field_id",
    "unit": "unit_id",
    "channel": "channel",
}
CHANNELS = tuple(c.value for c in states.Channel)


class ScopeError(ValueError):
    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Scope:
    """Which dossiers: key -> allowed ids (None: no restriction). ``label`` names it for people."""

    label: str = ""
    filters: tuple = ()  # ((key field, (ids...)), ...)

    def q(self) -> Q:
        condition = Q()
        for key, ids in self.filters:
            condition &= Q(**{f"{key}__in": list(ids)})
        return condition

    def matches(self, keys: dict) -> bool:
        return all(keys[key] in ids for key, ids in self.filters)


def agency_scope(code: str | None) -> Scope:
    """An agency and everything under it (``--agency CODE``); the whole system without a code."""
    if not code:
        return Scope(label=_("All agencies"))
    agency = Agency.objects.filter(code=code.strip()).first()
    if agency is None:
        raise ScopeError("agency", _("No agency has the code %(code)s.") % {"code": code})
    # An agency whose tree path was never set (created outside the services) stands alone, never for all.
    ids = (tuple(Agency.objects.filter(path__startswith=agency.path).values_list("id", flat=True)) if agency.path
           else (agency.pk,))
    return Scope(label=agency.name, filters=(("deciding_agency_id", ids),))


def unit_ids(unit: AdministrativeUnit) -> tuple[int, ...]:
    """The unit and every unit under it (provinces have at most three levels below them)."""
    found, frontier = [unit.pk], [unit.pk]
    for _level in range(3):
        frontier = list(AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        if not frontier:
            break
        found.extend(frontier)
    return tuple(found)


def _unit(code: str) -> AdministrativeUnit | None:
    """The unit with this official code: the one still valid first (a merged unit keeps its old code)."""
    return (AdministrativeUnit.objects.filter(code=code.strip())
            .order_by(F("valid_to").desc(nulls_first=True), F("valid_from").desc(nulls_last=True), "-id").first())


def unit_scope(code: str | None) -> Scope:
    if not code:
        return Scope(label=_("All agencies"))
    unit = _unit(code)
    if unit is None:
        raise ScopeError("unit", _("No administrative unit has the code %(code)s.") % {"code": code})
    return Scope(label=unit.name, filters=(("unit_id", unit_ids(unit)),))


def province_scope() -> Scope:
    """The province of this deployment: the provincial People's Committee's subtree."""
    committee = Agency.objects.filter(kind=Agency.Kind.PROVINCIAL_COMMITTEE).order_by("id").first()
    return agency_scope(committee.code) if committee else Scope(label=_("All agencies"))


def period_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = zone()
    start = dt.datetime.combine(first, dt.time.min, tz)
    stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tz)  # a date range bound
    return start, stop


# ------------------------------------------------------------------ figures


def _derive_row(m: dict) -> dict:
    """Shares and averages from the counts (None when there is nothing to divide by)."""

    def share(a, b):
        return None if not b else round(100.0 * a / b, 2)

    handled = m["ended"] + m["in_progress"]
    out = dict(m)
    out.update(
        resolved_on_time_or_early=m["resolved_early"] + m["resolved_on_time"],
        share_early_or_on_time=share(m["resolved_early"] + m["resolved_on_time"], m["received"]),
        share_late=share(m["resolved_late"], m["received"]),
        share_in_progress_within=share(m["in_progress_within"], m["received"]),
        share_resolved_on_time=share(m["resolved_early"] + m["resolved_on_time"], m["resolved"]),
        on_time_766=share(m["ended_on_time"] + m["in_progress_within"], handled),
        handled=handled,
        average_hours=None if not m["resolved"] else round(m["processing_seconds"] / m["resolved"] / 3600, 2),
        share_online=share(m[f"received_new_channel_{states.Channel.ONLINE.value}"], m["received_new"]),
        share_online_766=share(m["online_766"], m["received_new"]),
        share_e_result=share(m["e_result_resolved"], m["paper_result_resolved"]),
        share_digitized=share(m["digitized"], m["received_new"]),
        share_reused=share(m["reused"], m["received_new"]),
        share_paid_online=share(m["paid_online"], m["fee_bearing"]),
    )
    return out


RATING_FIGURES = ("ratings", "ratings_satisfied", "ratings_neutral", "ratings_dissatisfied")


def with_ratings(figures: dict, counts: Counter) -> dict:
    """The figures with the applicants' ratings given in the period; a share of no rating is not available
    (None, shown as "—"), never 0 %."""
    out = dict(figures)
    out.update({name: counts[name] for name in RATING_FIGURES})
    total = counts["ratings"]
    out["share_satisfied"] = round(100.0 * counts["ratings_satisfied"] / total, 2) if total else None
    out["share_dissatisfied"] = round(100.0 * counts["ratings_dissatisfied"] / total, 2) if total else None
    return out


def ratings(first: dt.date, last: dt.date, key: str | None, scope: Scope) -> dict:
    """Ratings given in the period, per group value (the rated dossier's report keys): one query. Ratings are
    few beside the dossiers, so they are counted from their own table rather than rolled up; the report and
    the direct computation read them the same way."""
    start, stop = period_bounds(first, last)
    prefix = "dossier__report_fact__"
    rows = DossierRating.objects.filter(created_at__gte=start, created_at__lt=stop,
                                        dossier__report_fact__isnull=False)
    for name, ids in scope.filters:
        rows = rows.filter(**{f"{prefix}{name}__in": list(ids)})
    counts = {"ratings": Count("pk"),
              "ratings_satisfied": Count("pk", filter=Q(overall=DossierRating.Overall.SATISFIED)),
              "ratings_neutral": Count("pk", filter=Q(overall=DossierRating.Overall.NEUTRAL)),
              "ratings_dissatisfied": Count("pk", filter=Q(overall=DossierRating.Overall.DISSATISFIED))}
    if not key:
        return {None: Counter(rows.aggregate(**counts))}
    group = f"{prefix}{key}"
    return {row[group]: Counter({name: row[name] for name in RATING_FIGURES})
            for row in rows.values(group).annotate(**counts).order_by()}


def _from_cumulative(c_start: Counter, c_stop: Counter) -> dict:
    p = {name: c_stop[name] - c_start[name] for name in ROLLUP_MEASURES}
    m = dict.fromkeys(d.MEASURES, 0)
    m.update(
        carried_over=c_start["received"] - c_start["ended"],
        received_new=p["received"],
        resolved_early=p["resolved_early"], resolved_on_time=p["resolved_on_time"], resolved_late=p["resolved_late"],
        withdrawn=p["withdrawn"], stopped=p["stopped"], refused=p["refused"],
        in_progress=c_stop["received"] - c_stop["ended"],
        in_progress_overdue=c_stop["overdue_starts"] - c_stop["overdue_stops"],
        waiting_supplementation=c_stop["waiting_starts"] - c_stop["waiting_stops"],
        supplementation_requests=p["supplementation_requests"], processing_seconds=p["processing_seconds"],
        ended=p["ended"], ended_on_time=p["ended_on_time"],
        online_766=p["online_766"], paper_result_resolved=p["paper_result_resolved"],
        e_result_resolved=p["e_result_resolved"], digitized=p["digitized"], reused=p["reused"],
        data_store=p["data_store"], fee_bearing=p["fee_bearing"], paid_online=p["paid_online"],
    )
    for channel in CHANNELS:
        m[f"received_new_channel_{channel}"] = c_stop[f"received_channel_{channel}"] - c_start[f"received_channel_{channel}"]
    m["resolved"] = m["resolved_early"] + m["resolved_on_time"] + m["resolved_late"]
    m["in_progress_within"] = m["in_progress"] - m["in_progress_overdue"]
    m["received"] = m["carried_over"] + m["received_new"]
    return m


def _cumulative(day: dt.date, group: str | None, scope: Scope) -> dict:
    """Sums of every rollup measure over the local days before ``day``, per group value: whole months
    from the monthly table, then the days of ``day``'s month from the daily one (two queries)."""
    month = day.replace(day=1)
    keys = [group] if group else []
    sums = {name: Sum(name) for name in ROLLUP_MEASURES}
    out: dict = defaultdict(Counter)
    for queryset in (MonthlyRollup.objects.filter(month__lt=month),
                     DailyRollup.objects.filter(month=month, day__lt=day)):
        rows = queryset.filter(scope.q()).order_by().values(*keys, "channel").annotate(**sums)
        for row in rows:
            target = out[row[group] if group else None]
            for name in ROLLUP_MEASURES:
                target[name] += row[name] or 0
            target[f"received_channel_{row['channel']}"] += row["received"] or 0
    return out


@dataclass
class Report:
    first: dt.date
    last: dt.date
    group: str
    scope: Scope
    rows: list = field(default_factory=list)  # [(group value, label, figures)]
    total: dict = field(default_factory=dict)


def report(first: dt.date, last: dt.date, *, group: str = "agency", scope: Scope | None = None) -> Report:
    """The periodic one-stop report from the rollups: per group value and in total."""
    if group not in GROUPS:
        raise ScopeError("group", _("Unknown grouping %(group)s.") % {"group": group})
    if last < first:
        raise ScopeError("to", _("The end of the period is before its start."))
    scope = scope or Scope()
    key = GROUPS[group]
    stop_day = last + dt.timedelta(days=1)  # a date range bound
    c_start, c_stop = _cumulative(first, key, scope), _cumulative(stop_day, key, scope)
    result = Report(first, last, group, scope)
    values = sorted(set(c_start) | set(c_stop), key=lambda v: (v is None, v))
    labels = label_map(group, values)
    total_start, total_stop = Counter(), Counter()
    rated = ratings(first, last, key, scope)
    for value in values:
        total_start.update(c_start.get(value, Counter()))
        total_stop.update(c_stop.get(value, Counter()))
        figures = _derive_row(_from_cumulative(c_start.get(value, Counter()), c_stop.get(value, Counter())))
        figures = with_ratings(figures, rated.get(value, Counter()))
        if any(figures[n] for n in ("received", "refused", "ended")):
            result.rows.append((value, labels.get(value, "—"), figures))
    result.rows.sort(key=lambda r: r[1])
    result.total = with_ratings(_derive_row(_from_cumulative(total_start, total_stop)),
                                sum(rated.values(), Counter()))
    return result


def direct(first: dt.date, last: dt.date, *, group: str = "agency", scope: Scope | None = None,
           queryset=None) -> dict:
    """The same figures computed over the raw dossiers, dossier by dossier (``definitions.contribute``):
    {group value: figures, "total": figures}. Slow by design: the reference the rollups must equal."""
    scope = scope or Scope()
    key = GROUPS[group]
    start, stop = period_bounds(first, last)
    groups: dict = defaultdict(Counter)
    total = Counter()
    calendars = d.Calendars()
    for ids in d.batches(queryset):
        for item in d.load(ids):
            if not scope.matches(item.keys):
                continue
            calendar = calendars[item.calendar_code]
            derived = d.derive(item.record, item.flags, calendar)
            one = Counter()
            d.contribute(one, derived, item.keys["channel"], start, stop, calendar)
            groups[item.keys[key] if key else None].update(one)
            total.update(one)
    rated = ratings(first, last, key, scope)
    out = {value: with_ratings(_derive_row(d.finish(c)), rated.get(value, Counter())) for value, c in groups.items()
           if any(c[n] for n in ("carried_over", "received_new", "refused", "ended"))}
    out["total"] = with_ratings(_derive_row(d.finish(total)), sum(rated.values(), Counter()))
    return out


def label_map(group: str, values) -> dict:
    values = [v for v in values if v is not None]
    if group == "province":
        return {None: _("Total")}
    if group == "channel":
        return {value: str(label) for value, label in Dossier.CHANNEL_CHOICES}
    model = {"agency": Agency, "division": Division, "centre": ServiceCentre, "procedure": Procedure,
             "field": Field, "unit": AdministrativeUnit}[group]
    if model is Procedure:
        rows = Procedure.objects.filter(pk__in=values).values_list("pk", "localised_code")
        names = dict(Procedure.objects.filter(pk__in=values).values_list("pk", "versions__name").order_by(
            "pk", "versions__number"))
        return {pk: f"{code} {names.get(pk, '')}".strip() for pk, code in rows}
    return dict(model.objects.filter(pk__in=values).values_list("pk", "name"))


def key_fields() -> tuple[str, ...]:
    return KEY_FIELDS


def is_commune(unit_code: str) -> bool:
    unit = _unit(unit_code)
    return bool(unit and unit.level == AdministrativeUnit.Level.COMMUNE)
