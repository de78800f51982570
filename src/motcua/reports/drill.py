"""The dossiers behind a 766 score, each with the reason it counts as it does ("overdue by 2 working days
after removing 3 working days of supplementation"). A page is a fixed number of queries: the facts of
the page, then the dossiers' records (``definitions.load``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from motcua.dossiers import definitions as d

from .models import DossierFact, FactSpan
from .selectors import Scope, period_bounds

F = DossierFact
ENDED = (F.End.RESOLVED, F.End.WITHDRAWN, F.End.STOPPED)
FORMULAS = ("on_time", "dossier_satisfaction", "online_dossiers", "e_results", "dossiers_paid_online", "digitized",
            "reused", "data_store", "average_time")
PER_PAGE = 50


@dataclass
class Row:
    fact: DossierFact
    counts: bool
    reason: str


@dataclass
class Listing:
    rows: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total


def _base(formula: str, start: dt.datetime, stop: dt.datetime, scope: Scope):
    facts = DossierFact.objects.filter(scope.q())
    received = Q(received_at__gte=start, received_at__lt=stop)
    if formula in ("on_time", "dossier_satisfaction"):
        ended = Q(end_kind__in=ENDED, end_at__gte=start, end_at__lt=stop)
        open_ = Q(received_at__lt=stop) & ~Q(end_kind__in=ENDED, end_at__lt=stop) & ~Q(end_kind=F.End.REFUSED)
        overdue_now = Exists(FactSpan.objects.filter(fact_id=OuterRef("pk"), kind=FactSpan.Kind.OVERDUE,
                                                     starts_at__lt=stop).filter(Q(ends_at__isnull=True)
                                                                                | Q(ends_at__gte=stop)))
        facts = facts.filter(ended | open_).annotate(overdue_now=overdue_now)
        late = (Q(end_kind__in=ENDED, end_at__lt=stop, verdict=F.Verdict.OVERDUE)
                | (~Q(end_kind__in=ENDED, end_at__lt=stop) & Q(overdue_now=True)))
        return facts, late, True
    if formula == "e_results":
        return (facts.filter(end_kind=F.End.RESOLVED, end_at__gte=start, end_at__lt=stop, paper_result=True),
                Q(e_result=False), False)
    if formula == "average_time":
        return facts.filter(end_kind=F.End.RESOLVED, end_at__gte=start, end_at__lt=stop), Q(), False
    facts = facts.filter(received, received_day__isnull=False)
    flag = {"online_dossiers": "online_766", "dossiers_paid_online": "paid_online", "digitized": "digitized",
            "reused": "reused", "data_store": "data_store"}[formula]
    if formula == "dossiers_paid_online":
        facts = facts.filter(fee_bearing=True)
    return facts, Q(**{flag: False}), False


def dossiers(formula: str, first: dt.date, last: dt.date, *, scope: Scope, page: int = 1, only: str = "") -> Listing:
    """``only="against"``: just the dossiers that count against the score (late, not online…)."""
    start, stop = period_bounds(first, last)
    facts, against, timed = _base(formula, start, stop, scope)
    if only == "against" and against:
        facts = facts.filter(against)
    listing = Listing(total=facts.count(), page=page)
    offset = (page - 1) * PER_PAGE
    page_facts = list(facts.select_related("dossier", "procedure", "deciding_agency")
                      .only("dossier__code", "dossier__reference", "procedure__localised_code", "deciding_agency__name",
                            *[f.attname for f in DossierFact._meta.concrete_fields])
                      .order_by("dossier_id")[offset:offset + PER_PAGE])
    loaded = {item.id: item for item in d.load([f.dossier_id for f in page_facts])}
    flag_of = {"online_dossiers": "online_766", "dossiers_paid_online": "paid_online", "digitized": "digitized",
               "reused": "reused", "data_store": "data_store", "e_results": "e_result"}
    calendars = d.Calendars()
    for fact in page_facts:
        item = loaded.get(fact.dossier_id)
        if item is None:
            continue
        calendar = calendars[item.calendar_code]
        record = item.record
        if timed or formula == "average_time":
            ended = record.end_at is not None and record.end_at < stop and record.end_kind != d.END_REFUSED
            verdict = d.classify_at(record, calendar, record.end_at if ended else stop)
            reason = d.explain(record, verdict, calendar)
            if not ended:
                reason = _("in progress at the end of the period: %(reason)s") % {"reason": reason}
            if formula == "average_time":
                reason = _("%(hours)s working hours from receipt to decision, without the supplementation time") % {
                    "hours": f"{fact.processing_seconds / 3600:.1f}"}
            listing.rows.append(Row(fact, verdict.on_time, reason))
        else:
            counts = bool(getattr(fact, flag_of[formula]))
            listing.rows.append(Row(fact, counts, _reason(formula, fact, counts)))
    return listing


def _reason(formula: str, fact: DossierFact, counts: bool) -> str:
    channel = {1: _("at the counter"), 2: _("online"), 3: _("by post")}.get(fact.channel, "")
    if formula == "online_dossiers":
        if counts:
            return _("received online")
        if fact.channel == 2:
            return _("received online, but its paper result has no electronic result")
        return _("received %(channel)s") % {"channel": channel}
    if formula == "e_results":
        return _("electronic result issued") if counts else _("paper result only")
    if formula == "dossiers_paid_online":
        return _("fees paid online") if counts else _("fees not paid online")
    if formula == "digitized":
        return _("components and result digitized") if counts else _("not every component and result digitized")
    if formula == "reused":
        return _("a component reused from digitized data") if counts else _("no component reused")
    return _("uses the citizen's data store") if counts else _("does not use the citizen's data store")
