"""The full refresh's fast path on PostgreSQL: the facts of the plain dossiers — received, with a due date,
no supplementation, no apology, nothing paid, inside their calendar's range — computed by one
INSERT … SELECT per calendar instead of dossier by dossier in Python (most dossiers are plain: at ten
million, Python would take hours). Everything else still goes through ``definitions.derive``.

It computes exactly what ``definitions.derive`` computes for such a dossier (the rollup test compares
the result with the direct computation over the raw dossiers on PostgreSQL):

* verdict (no pauses): overdue when the end is after the due instant, early when it falls on an earlier
  local date, else on time;
* office time (``Calendar._w``) from a table of the calendar's days: office time before the day plus the
  part of each office session before the instant; processing time = w(end) − w(received);
* one overdue span (max(received, due), end]."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Q

from motcua.dossiers.models import Dossier
from motcua.workdays.selectors import engine_calendar

from .facts import zone

PLAIN = Q(parent__isnull=True, received_at__isnull=False, due_at__isnull=False, supplementation_count=0,
          rescheduled=False, fee_paid=0) & ~Q(status=3)


def plain_condition(code: str, calendar) -> Q:
    first = dt.datetime.combine(calendar.first, dt.time.min, calendar.tzinfo)
    stop = dt.datetime.combine(calendar.last + dt.timedelta(days=1), dt.time.min, calendar.tzinfo)  # range bound
    inside = Q(received_at__gte=first, due_at__lt=stop) & (Q(decided_at__isnull=True) | Q(decided_at__lt=stop)) & (
        Q(ended_at__isnull=True) | Q(ended_at__lt=stop))
    return PLAIN & Q(calendar_code=code) & inside


def w_sql(column: str) -> str:
    """Office microseconds since the calendar's start up to the instant in ``column`` (``Calendar._w``)."""
    local = f"({column} AT TIME ZONE %(tz)s)"
    x = f"(extract(epoch from {local} - date_trunc('day', {local})) * 1000000)::bigint"
    parts = " + ".join(f"LEAST(GREATEST({x} - c.o{j}, 0), c.c{j} - c.o{j})" for j in range(4))
    return (f"(SELECT c.cumw + {parts} FROM reports_calendar_days c "
            f"WHERE c.day = ({column} AT TIME ZONE %(tz)s)::date)")


FACTS_SQL = """
INSERT INTO reports_dossierfact (dossier_id, deciding_agency_id, division_id, centre_id, procedure_id, field_id,
    unit_id, channel, received_at, received_day, end_at, end_day, end_kind, verdict, processing_seconds,
    supplementations, online_766, paper_result, e_result, digitized, reused, data_store, fee_bearing, paid_online)
SELECT q.id, q.deciding_agency_id, q.division_id, q.receiving_centre_id, q.procedure_id, q.field_id, q.unit_id,
    q.channel, q.received_at, (q.received_at AT TIME ZONE %(zone)s)::date, q.end_at,
    (q.end_at AT TIME ZONE %(zone)s)::date, q.end_kind,
    CASE WHEN q.end_at IS NULL THEN 0 WHEN q.end_at > q.due_at THEN 3
         WHEN (q.end_at AT TIME ZONE %(tz)s)::date < (q.due_at AT TIME ZONE %(tz)s)::date THEN 1 ELSE 2 END,
    CASE WHEN q.end_kind = 1 THEN ({w_end} - {w_received}) / 1000000.0 ELSE 0 END,
    0, q.channel = 2 AND (NOT q.paper OR q.e_result), q.paper, q.e_result,
    q.has_components AND NOT q.undigitized AND q.e_result, q.reused,
    q.reused OR (q.e_result AND q.result_delivery = 'online'), q.fee_due > 0, false
FROM (
  SELECT d.id, d.deciding_agency_id, s.division_id, d.receiving_centre_id, v.procedure_id, p.field_id,
    CASE WHEN d.receiving_centre_id IS NOT NULL THEN sc.administrative_unit_id ELSE a.administrative_unit_id END
      AS unit_id,
    d.channel, d.received_at, d.due_at, d.fee_due, d.result_delivery, v.result_paper_required AS paper,
    CASE WHEN d.decided_at IS NOT NULL THEN d.decided_at
         WHEN d.status IN (7, 8) THEN d.ended_at END AS end_at,
    CASE WHEN d.decided_at IS NOT NULL THEN 1 WHEN d.status = 7 AND d.ended_at IS NOT NULL THEN 2
         WHEN d.status = 8 AND d.ended_at IS NOT NULL THEN 3 ELSE 0 END AS end_kind,
    COALESCE(r.electronic, false) AS e_result,
    EXISTS (SELECT 1 FROM dossiers_dossiercomponent k WHERE k.dossier_id = d.id) AS has_components,
    EXISTS (SELECT 1 FROM dossiers_dossiercomponent k WHERE k.dossier_id = d.id AND NOT k.digitized) AS undigitized,
    EXISTS (SELECT 1 FROM dossiers_dossiercomponent k WHERE k.dossier_id = d.id AND k.from_vault) AS reused
  FROM dossiers_dossier d
  JOIN catalog_procedureversion v ON v.id = d.procedure_version_id
  JOIN catalog_procedure p ON p.id = v.procedure_id
  JOIN organizations_agency a ON a.id = d.deciding_agency_id
  LEFT JOIN organizations_servicecentre sc ON sc.id = d.receiving_centre_id
  LEFT JOIN processes_step s ON s.id = d.current_step_id
  LEFT JOIN dossiers_dossierresult r ON r.dossier_id = d.id
  WHERE d.id IN ({ids})
) AS q
"""

SPANS_SQL = """
INSERT INTO reports_factspan (fact_id, kind, starts_at, start_day, ends_at, end_day)
SELECT f.dossier_id, 1, GREATEST(f.received_at, d.due_at), (GREATEST(f.received_at, d.due_at) AT TIME ZONE %(zone)s)::date,
    f.end_at, (f.end_at AT TIME ZONE %(zone)s)::date
FROM reports_dossierfact f JOIN dossiers_dossier d ON d.id = f.dossier_id
WHERE f.dossier_id IN ({ids}) AND (f.end_at IS NULL OR GREATEST(f.received_at, d.due_at) < f.end_at)
"""


def _calendar_table(cursor, calendar) -> None:
    cursor.execute("DROP TABLE IF EXISTS reports_calendar_days")
    cursor.execute("CREATE TEMP TABLE reports_calendar_days (day date PRIMARY KEY, cumw bigint, "
                   + ", ".join(f"o{j} bigint, c{j} bigint" for j in range(4)) + ")")
    if max(len(s) for s in calendar._sessions) > 4:
        raise ValueError("more than four office sessions a day: not supported by the fast path")
    rows = []
    for i in range(calendar._n):
        sessions = list(calendar._sessions[i]) + [(0, 0)] * (4 - len(calendar._sessions[i]))
        rows.append((calendar.first + dt.timedelta(days=i), calendar._cumw[i], *[v for s in sessions for v in s]))
    with cursor.copy("COPY reports_calendar_days FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute("ANALYZE reports_calendar_days")


PLAIN_SQL = """d.parent_id IS NULL AND d.received_at IS NOT NULL AND d.due_at IS NOT NULL
  AND d.supplementation_count = 0 AND NOT d.rescheduled AND d.fee_paid = 0 AND d.status <> 3
  AND d.calendar_code = %(code)s AND d.received_at >= %(first)s AND d.due_at < %(stop)s
  AND (d.decided_at IS NULL OR d.decided_at < %(stop)s) AND (d.ended_at IS NULL OR d.ended_at < %(stop)s)
  AND d.id >= %(low)s AND d.id < %(high)s"""


def insert_plain(*, batch: int = 500_000, progress=None) -> tuple[Q, int]:
    """Inserts the facts of every plain dossier; returns (the condition of the dossiers it handled, count)."""
    handled, total = Q(pk__in=[]), 0
    codes = list(Dossier.objects.order_by().values_list("calendar_code", flat=True).distinct())
    facts_sql = FACTS_SQL.replace("WHERE d.id IN ({ids})", "WHERE " + PLAIN_SQL).format(
        w_end=w_sql("q.end_at"), w_received=w_sql("q.received_at"))
    spans_sql = SPANS_SQL.replace("f.dossier_id IN ({ids})", PLAIN_SQL)
    for code in codes:
        calendar = engine_calendar(code)
        handled |= plain_condition(code, calendar)
        first = dt.datetime.combine(calendar.first, dt.time.min, calendar.tzinfo)
        stop = dt.datetime.combine(calendar.last + dt.timedelta(days=1), dt.time.min, calendar.tzinfo)
        with connection.cursor() as django_cursor:
            pg = django_cursor.connection.cursor()
            _calendar_table(pg, calendar)
            pg.execute("SELECT min(id), max(id) FROM dossiers_dossier")
            low, high = pg.fetchone()
            if low is None:
                continue
            for start in range(low, high + 1, batch):
                params = {"tz": str(calendar.tzinfo), "zone": str(zone()), "code": code, "first": first,
                          "stop": stop, "low": start, "high": start + batch}
                pg.execute(facts_sql, params)
                total += pg.rowcount
                if progress:
                    progress(pg.rowcount)
                pg.execute(spans_sql, params)
    return handled, total
