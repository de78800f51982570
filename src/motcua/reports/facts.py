"""The refresh job: one fact row (and its spans) per counted dossier, rebuilt for the dossiers that
changed since the last run (every action appends a dossier event, so the last event id read is the
watermark), then the daily and monthly rollups rebuilt from the facts (rollups.py).

Days are local dates (Asia/Ho_Chi_Minh, the project's time zone): a report's period starts and stops
at local midnight, so "before the period's end" is "on a local day before it" for every instant."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from motcua.dossiers import definitions as d
from motcua.dossiers.models import Dossier, DossierEvent

from .models import DossierFact, FactSpan, RefreshState

END_CODES = {"": DossierFact.End.OPEN, d.END_RESOLVED: DossierFact.End.RESOLVED,
             d.END_WITHDRAWN: DossierFact.End.WITHDRAWN, d.END_STOPPED: DossierFact.End.STOPPED,
             d.END_REFUSED: DossierFact.End.REFUSED}
VERDICT_CODES = {None: DossierFact.Verdict.NONE, d.EARLY: DossierFact.Verdict.EARLY,
                 d.ON_TIME: DossierFact.Verdict.ON_TIME, d.OVERDUE: DossierFact.Verdict.OVERDUE}
FACT_COLUMNS = ("dossier_id", "deciding_agency_id", "division_id", "centre_id", "procedure_id", "field_id",
                "unit_id", "channel", "received_at", "received_day", "end_at", "end_day", "end_kind", "verdict",
                "processing_seconds", "supplementations", "online_766", "paper_result", "e_result", "digitized",
                "reused", "data_store", "fee_bearing", "paid_online")
SPAN_COLUMNS = ("fact_id", "kind", "starts_at", "start_day", "ends_at", "end_day")


def zone():
    return ZoneInfo(settings.TIME_ZONE)


def local_day(instant, tz) -> dt.date | None:
    return None if instant is None else instant.astimezone(tz).date()


def fact_rows(loaded: list[d.Loaded]) -> tuple[list[tuple], list[tuple]]:
    tz = zone()
    facts, spans = [], []
    calendars = d.Calendars()
    for item in loaded:
        calendar = calendars[item.calendar_code]
        derived = d.derive(item.record, item.flags, calendar)
        rec, flags = item.record, item.flags
        verdict = derived.verdict.status if derived.verdict else None
        k = item.keys
        facts.append((item.id, k["deciding_agency_id"], k["division_id"], k["centre_id"], k["procedure_id"],
                      k["field_id"], k["unit_id"], k["channel"], rec.received_at, local_day(rec.received_at, tz),
                      rec.end_at, local_day(rec.end_at, tz), END_CODES[rec.end_kind], VERDICT_CODES[verdict],
                      derived.processing_seconds or 0.0, len(rec.pauses), flags.online_766, flags.paper_result,
                      flags.e_result, flags.digitized, flags.reused, flags.data_store, flags.fee_bearing,
                      flags.paid_online))
        for kind, items in ((FactSpan.Kind.OVERDUE, derived.overdue), (FactSpan.Kind.WAITING, derived.waiting)):
            for a, b in items:
                spans.append((item.id, kind, a, local_day(a, tz), b, local_day(b, tz)))
        if rec.received_at is not None:
            for requested, _received in rec.pauses:
                spans.append((item.id, FactSpan.Kind.REQUEST, requested, local_day(requested, tz), None, None))
    return facts, spans


def _write(model, columns, rows) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        fields = {f.attname: f.column for f in model._meta.concrete_fields}
        names = ", ".join(f'"{fields[c]}"' for c in columns)
        with connection.cursor() as cursor, cursor.connection.cursor() as pg, \
                pg.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500)


def refresh_ids(ids: list[int]) -> int:
    """Rebuilds the facts of these dossiers (a dossier no longer counted loses its fact)."""
    loaded = d.load(d.counted_ids(Dossier.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    facts, spans = fact_rows(loaded)
    with transaction.atomic():
        FactSpan.objects.filter(fact_id__in=ids).delete()
        DossierFact.objects.filter(dossier_id__in=ids).delete()
        _write(DossierFact, FACT_COLUMNS, facts)
        _write(FactSpan, SPAN_COLUMNS, spans)
    return len(facts)


def _truncate() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'TRUNCATE "{FactSpan._meta.db_table}", "{DossierFact._meta.db_table}"')
    else:
        FactSpan.objects.all().delete()
        DossierFact.objects.all().delete()


def refresh(*, full: bool = False, batch: int = 5000, progress=None) -> RefreshState:
    """Brings the facts up to date with the dossier events, then rebuilds the rollups. ``full``: from
    scratch (also what a first run does)."""
    from .rollups import rebuild

    started = time.monotonic()
    state, _created = RefreshState.objects.get_or_create(name="default")
    last_event = DossierEvent.objects.aggregate(m=Max("id"))["m"] or 0
    if full or not state.refreshed_at:
        _truncate()
        rest = None
        if connection.vendor == "postgresql":
            from .fastpath import insert_plain

            handled, _count = insert_plain(progress=progress)
            rest = Dossier.objects.exclude(handled)
        for ids in d.batches(rest, size=batch):
            refresh_ids_unchecked(ids)
            if progress:
                progress(len(ids))
    else:
        changed = (DossierEvent.objects.filter(id__gt=state.last_event_id, id__lte=last_event)
                   .values_list("dossier_id", flat=True).distinct())
        changed = sorted(set(changed))
        # A child's change may change its parent's figures only through the parent's own events.
        for start in range(0, len(changed), batch):
            refresh_ids(changed[start:start + batch])
    rebuild()
    state.last_event_id = last_event
    state.refreshed_at = timezone.now()
    state.facts = DossierFact.objects.count()
    state.seconds = time.monotonic() - started
    state.save()
    return state


def refresh_ids_unchecked(ids: list[int]) -> int:
    """Inserts facts for dossiers known to have none (the full refresh, after emptying the table)."""
    facts, spans = fact_rows(d.load(ids))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        _write(DossierFact, FACT_COLUMNS, facts)
        _write(FactSpan, SPAN_COLUMNS, spans)
    return len(facts)


def freshness() -> RefreshState | None:
    return RefreshState.objects.filter(name="default").first()
