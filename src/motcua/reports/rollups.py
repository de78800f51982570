"""Daily and monthly rollups of the facts: per local day and unit keys, how many dossiers were received,
ended (by kind and verdict), started or stopped being overdue or waiting, and the sums behind the
shares. A report over [start, stop) is cumulative sums of these at ``start`` and ``stop``
(selectors.py): whole months from the monthly table, the days of a started month from the daily one."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from .facts import _write
from .models import KEY_FIELDS, ROLLUP_MEASURES, DailyRollup, DossierFact, FactSpan, MonthlyRollup

F = DossierFact
ENDED = (F.End.RESOLVED, F.End.WITHDRAWN, F.End.STOPPED)
SPAN_KEYS = tuple(f"fact__{k}" for k in KEY_FIELDS)


def _count(condition=None):
    return Count("pk", filter=condition) if condition is not None else Count("pk")


def _groups():
    """(queryset, day field, key fields, {measure: aggregate}) for every source of the daily figures."""
    facts = DossierFact.objects.order_by()
    spans = FactSpan.objects.order_by()
    ended_resolved = Q(end_kind=F.End.RESOLVED)
    yield (facts.filter(received_day__isnull=False), "received_day", KEY_FIELDS, {
        "received": _count(),
        "online_766": _count(Q(online_766=True)), "digitized": _count(Q(digitized=True)),
        "reused": _count(Q(reused=True)), "data_store": _count(Q(data_store=True)),
        "fee_bearing": _count(Q(fee_bearing=True)), "paid_online": _count(Q(paid_online=True)),
    })
    yield (facts.filter(end_kind__in=ENDED, received_day__isnull=False), "end_day", KEY_FIELDS, {
        "ended": _count(), "ended_on_time": _count(~Q(verdict=F.Verdict.OVERDUE)),
        "resolved_early": _count(ended_resolved & Q(verdict=F.Verdict.EARLY)),
        "resolved_on_time": _count(ended_resolved & Q(verdict=F.Verdict.ON_TIME)),
        "resolved_late": _count(ended_resolved & Q(verdict=F.Verdict.OVERDUE)),
        "withdrawn": _count(Q(end_kind=F.End.WITHDRAWN)), "stopped": _count(Q(end_kind=F.End.STOPPED)),
        "processing_seconds": Sum("processing_seconds", filter=ended_resolved),
        "paper_result_resolved": _count(ended_resolved & Q(paper_result=True)),
        "e_result_resolved": _count(ended_resolved & Q(paper_result=True, e_result=True)),
    })
    yield (facts.filter(end_kind=F.End.REFUSED, end_day__isnull=False), "end_day", KEY_FIELDS,
           {"refused": _count()})
    for kind, starts, stops in ((FactSpan.Kind.OVERDUE, "overdue_starts", "overdue_stops"),
                                (FactSpan.Kind.WAITING, "waiting_starts", "waiting_stops")):
        yield spans.filter(kind=kind), "start_day", SPAN_KEYS, {starts: _count()}
        yield spans.filter(kind=kind, end_day__isnull=False), "end_day", SPAN_KEYS, {stops: _count()}
    yield spans.filter(kind=FactSpan.Kind.REQUEST), "start_day", SPAN_KEYS, {"supplementation_requests": _count()}


def daily_rows() -> dict:
    table = defaultdict(lambda: dict.fromkeys(ROLLUP_MEASURES, 0))
    for queryset, day, keys, measures in _groups():
        for row in queryset.values(day, *keys).annotate(**measures).iterator(chunk_size=20000):
            key = (row[day], *(row[k] for k in keys))
            target = table[key]
            for name in measures:
                target[name] += row[name] or 0
    return table


@transaction.atomic
def rebuild() -> int:
    """Rebuilds both rollups from the facts (one transaction: a report never reads a half-built one)."""
    table = daily_rows()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{DailyRollup._meta.db_table}", "{MonthlyRollup._meta.db_table}"')
    else:
        DailyRollup.objects.all().delete()
        MonthlyRollup.objects.all().delete()
    columns = ("day", "month", *KEY_FIELDS, *ROLLUP_MEASURES)
    rows = [(key[0], key[0].replace(day=1), *key[1:], *(values[m] for m in ROLLUP_MEASURES))
            for key, values in table.items()]
    _write(DailyRollup, columns, rows)
    monthly = defaultdict(lambda: dict.fromkeys(ROLLUP_MEASURES, 0))
    for key, values in table.items():
        target = monthly[(key[0].replace(day=1), *key[1:])]
        for name in ROLLUP_MEASURES:
            target[name] += values[name]
    _write(MonthlyRollup, ("month", *KEY_FIELDS, *ROLLUP_MEASURES),
           [(*key, *(values[m] for m in ROLLUP_MEASURES)) for key, values in monthly.items()])
    return len(rows)
