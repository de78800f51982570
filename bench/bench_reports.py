"""Benchmark of the reports and the 766 index on PostgreSQL with millions of dossiers.

    nohup .venv/bin/python bench/bench_reports.py --dossiers 10000000 --write docs/benchmarks.md \
        > var/bench_reports.log 2>&1 &

1. Drops and creates ``motcua_reports_bench`` (server $BENCH_PG, default postgres://postgres@127.0.0.1:5432),
   migrates it and loads the demo province (``motcua demo``).
2. Inserts --dossiers dossiers over three years (2023-2025) with INSERT … SELECT generate_series, in
   blocks of one million, straight into the dossier table (its indexes and constraints dropped during the
   load and built again after it, as for any bulk load) (not through the services: no events,
   components or supplementations), spread over the demo province's procedures and agencies: 98%
   resolved early or on time, 0.5% late, 1% still open in the last month, 0.5% withdrawn or stopped.
   Plus the known-figures block: an agency with exactly the Tây Ninh first-half-2017 mix (368,000
   dossiers received in H1 2024: 364,600 resolved early or on time, 235 late, 3,153 still within their
   deadline, 12 withdrawn). VACUUM ANALYZE.
3. The refresh job (``reports.facts.refresh(full=True)``: the plain dossiers' facts by the SQL fast path,
   the others through ``definitions.derive``, then spans and rollups); its time.
4. Measures, each cold (a new connection, first run) and warm (median of 5): the province's quarter
   report (Q3 2025, per agency) and its 766 index; and a hand-written SQL aggregate over the raw dossier
   table computing the same received / resolved / in-progress counts, checked equal.
5. The known-figures report: the agency's H1 2024 counts and shares, checked against 364,600 / 235 /
   3,153 and 99.08% / 0.06% / 0.86%.

With --write, replaces the section "## Reports and the 766 index" of the markdown file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SECTION = "## Reports and the 766 index"
DATABASE = "motcua_reports_bench"
KNOWN_AGENCY = "000.00.99.H53"
TZ = "Asia/Ho_Chi_Minh"


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def configure(server: str, database: str) -> None:
    os.environ["DATABASE_URL"] = f"{server.rstrip('/')}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")
    os.environ["DEBUG"] = "0"
    os.environ["MOTCUA_NOTIFY_ENABLED"] = "0"


def recreate_database(server: str, database: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')


INSERT = """
INSERT INTO dossiers_dossier (reference, status, channel, procedure_version_id, receiving_agency_id,
    deciding_agency_id, receiving_centre_id, applicant, applicant_name, applicant_id_number, applicant_phone,
    calendar_code, clock_policy, submitted_at, received_at, due_at, decided_at, returned_at, ended_at, fee_due,
    fee_paid, result_delivery, supplementation_count, rescheduled, version, deadline_flag, created_at)
SELECT md5(%(tag)s || i::text)::uuid, status, channel, (%(versions)s::int[])[combo], (%(agencies)s::int[])[combo],
    (%(agencies)s::int[])[combo], (%(centres)s::int[])[combo], '{}'::jsonb, 'Người nộp ' || i, '', '',
    'VN', 'pause', r, r, r + interval '7 days', dec, CASE WHEN status = 10 THEN dec + interval '1 hour' END,
    CASE WHEN status = 10 THEN dec + interval '1 hour' WHEN status IN (7, 8) THEN r + interval '1 day' END,
    0, 0, 'counter', 0, false, 1, '', now()
FROM (
  SELECT i, combo, r, channel, kind,
    CASE kind WHEN 'open' THEN 4 WHEN 'withdrawn' THEN 7 WHEN 'stopped' THEN 8
         ELSE CASE WHEN i %% 10 = 0 THEN 9 ELSE 10 END END AS status,
    CASE kind WHEN 'early' THEN r + interval '3 days' WHEN 'on_time' THEN r + interval '7 days' - interval '1 minute'
         WHEN 'late' THEN r + interval '9 days' END AS dec
  FROM (
    SELECT i, 1 + (i * 7919) %% %(ncombos)s AS combo,
      %(start)s::timestamptz + (i - %(first)s) * %(step)s::interval AS r,
      CASE WHEN (i * 31) %% 100 < 58 THEN 2 WHEN (i * 31) %% 100 < 62 THEN 3 ELSE 1 END AS channel,
      %(kind)s AS kind
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS i
  ) AS g
) AS h
"""
# The general mix: by a hash of i; open only near the end of the data (else resolved on time).
GENERAL_KIND = """CASE WHEN (i * 2654435761) %% 1000 < 5 THEN 'late'
  WHEN (i * 2654435761) %% 1000 < 15 AND i > %(last)s - %(recent)s THEN 'open'
  WHEN (i * 2654435761) %% 1000 < 18 THEN 'withdrawn' WHEN (i * 2654435761) %% 1000 < 20 THEN 'stopped'
  WHEN (i * 2654435761) %% 1000 < 850 THEN 'early' ELSE 'on_time' END"""


def combos():
    from motcua.catalog.models import ProcedureVersion
    from motcua.organizations.models import ServiceCentre
    from motcua.processes.models import Process

    centres = list(ServiceCentre.objects.order_by("id").values_list("id", "agency_id"))
    versions, agencies, centre_ids = [], [], []
    for procedure_id, agency_id in Process.objects.values_list("procedure_id", "agency_id").distinct():
        version = (ProcedureVersion.objects.filter(procedure_id=procedure_id, status="published")
                   .order_by("-number").values_list("id", flat=True).first())
        if version is None:
            continue
        versions.append(version)
        agencies.append(agency_id)
        own = [c for c, a in centres if a == agency_id]
        centre_ids.append(own[0] if own else centres[0][0])
    return versions, agencies, centre_ids


def drop_constraints(cursor) -> tuple[list, list]:
    """A bulk load's usual practice: drop the dossier table's indexes and constraints (but its primary key)
    and build them again once, after the load, instead of maintaining them row by row."""
    cursor.execute("""SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                      WHERE conrelid = 'dossiers_dossier'::regclass AND contype <> 'p'""")
    constraints = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE dossiers_dossier DROP CONSTRAINT "{name}"')
    cursor.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier'
                      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')""")
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return constraints, indexes


def restore_constraints(cursor, saved) -> None:
    constraints, indexes = saved
    cursor.execute("SET maintenance_work_mem TO '512MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE dossiers_dossier ADD CONSTRAINT "{name}" {definition}')


def insert(cursor, *, tag, first, last, start, stop, kind, versions, agencies, centres) -> None:
    span = (stop - start) / (last - first + 1)
    cursor.execute(INSERT.replace("%(kind)s", kind), {
        "tag": tag, "first": first, "last": last, "start": start, "step": span, "versions": versions,
        "agencies": agencies, "centres": centres, "ncombos": len(versions), "recent": (last - first) // 36})


def load(n: int) -> dict:
    from django.db import connection

    from motcua.organizations.models import Agency

    versions, agencies, centres = combos()
    log(f"{len(versions)} procedure/agency combinations")
    tz = dt.timezone(dt.timedelta(hours=7))
    start, stop = dt.datetime(2023, 1, 1, 7, 30, tzinfo=tz), dt.datetime(2025, 12, 24, 17, 0, tzinfo=tz)
    t0 = time.perf_counter()
    block = 1_000_000
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
        saved = drop_constraints(cursor)
        for first in range(1, n + 1, block):
            last = min(n, first + block - 1)
            share_start = start + (stop - start) * ((first - 1) / n)
            share_stop = start + (stop - start) * (last / n)
            insert(cursor, tag="g", first=first, last=last, start=share_start, stop=share_stop,
                   kind=GENERAL_KIND.replace("%(last)s", str(n)).replace("%(recent)s", str(n // 36)),
                   versions=versions, agencies=agencies, centres=centres)
            log(f"  {last:,} dossiers ({time.perf_counter() - t0:.0f} s)")
        # The known figures: an agency of its own, H1 2024.
        committee = Agency.objects.get(code="000.00.00.H53")
        known, _created = Agency.objects.get_or_create(code=KNOWN_AGENCY, defaults={
            "name": "Cơ quan số liệu đối chiếu (Tây Ninh 6 tháng đầu năm 2017)", "kind": Agency.Kind.DEPARTMENT,
            "parent": committee, "administrative_unit": committee.administrative_unit})
        known.path = f"{committee.path}{known.pk}/"  # as the organisation services set it
        known.save(update_fields=["path"])
        one = ([versions[0]], [known.pk], [centres[0]])
        h1 = dt.datetime(2024, 1, 2, 8, tzinfo=tz)
        blocks = [("early", 1, 310_000, h1, dt.datetime(2024, 6, 18, 16, tzinfo=tz)),
                  ("on_time", 310_001, 364_600, h1, dt.datetime(2024, 6, 18, 16, tzinfo=tz)),
                  ("late", 364_601, 364_835, h1, dt.datetime(2024, 6, 18, 16, tzinfo=tz)),
                  ("open", 364_836, 367_988, dt.datetime(2024, 6, 26, 8, tzinfo=tz),
                   dt.datetime(2024, 6, 28, 16, tzinfo=tz)),
                  ("withdrawn", 367_989, 368_000, h1, dt.datetime(2024, 6, 18, 16, tzinfo=tz))]
        for kind, first, last, b_start, b_stop in blocks:
            insert(cursor, tag="k", first=first, last=last, start=b_start, stop=b_stop, kind=f"'{kind}'",
                   versions=one[0], agencies=one[1], centres=one[2])
        log(f"known-figures block inserted ({time.perf_counter() - t0:.0f} s)")
        restore_constraints(cursor, saved)
        log(f"indexes and constraints rebuilt ({time.perf_counter() - t0:.0f} s)")
    load_seconds = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE dossiers_dossier")
    return {"dossiers": n + 368_000, "load_seconds": load_seconds}


HAND_SQL = """
WITH d AS (
  SELECT received_at, due_at, COALESCE(decided_at, CASE WHEN status IN (7, 8) THEN ended_at END) AS end_at,
         decided_at IS NOT NULL AS resolved
  FROM dossiers_dossier
  WHERE parent_id IS NULL AND received_at IS NOT NULL AND deciding_agency_id = ANY(%(agencies)s)
    AND received_at < %(stop)s AND (COALESCE(decided_at, ended_at) IS NULL OR COALESCE(decided_at, ended_at) >= %(start)s)
)
SELECT
  count(*) FILTER (WHERE received_at < %(start)s) AS carried_over,
  count(*) FILTER (WHERE received_at >= %(start)s) AS received_new,
  count(*) FILTER (WHERE resolved AND end_at < %(stop)s AND end_at <= due_at
                   AND (end_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
    AS resolved_early,
  count(*) FILTER (WHERE resolved AND end_at < %(stop)s AND end_at <= due_at
                   AND (end_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= (due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
    AS resolved_on_time,
  count(*) FILTER (WHERE resolved AND end_at < %(stop)s AND end_at > due_at) AS resolved_late,
  count(*) FILTER (WHERE end_at IS NULL OR end_at >= %(stop)s) AS in_progress,
  count(*) FILTER (WHERE (end_at IS NULL OR end_at >= %(stop)s) AND due_at < %(stop)s) AS in_progress_overdue
FROM d
"""


def timed(fn, repeat=5):
    from django.db import connection

    connection.close()  # cold: a new connection, nothing prepared or cached in the session
    t0 = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - t0)
    return result, cold, statistics.median(warm)


def measure() -> dict:
    from django.db import connection

    from motcua.reports import selectors

    scope = selectors.province_scope()
    agencies = list(dict(scope.filters)["deciding_agency_id"])
    first, last = dt.date(2025, 7, 1), dt.date(2025, 9, 30)
    start, stop = selectors.period_bounds(first, last)
    out = {}
    rep, cold, warm = timed(lambda: selectors.report(first, last, group="agency", scope=scope))
    out["report"] = {"cold": cold, "warm": warm, "rows": len(rep.rows)}
    log(f"quarter report: cold {cold:.3f} s, warm {warm:.3f} s ({len(rep.rows)} agencies)")
    try:
        from motcua.reports import index as index_module

        idx, cold, warm = timed(lambda: index_module.compute(first, last, scope=scope))
        out["index"] = {"cold": cold, "warm": warm, "total": str(idx.total)}
        log(f"766 index: cold {cold:.3f} s, warm {warm:.3f} s, total {idx.total}")
    except ImportError as error:
        log(f"766 index not measured: {error}")

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, {"agencies": agencies, "start": start, "stop": stop})
            names = [c.name for c in cursor.description]
            return dict(zip(names, cursor.fetchone(), strict=True))

    sql, cold, warm = timed(hand)
    out["sql"] = {"cold": cold, "warm": warm}
    log(f"hand-written SQL: cold {cold:.3f} s, warm {warm:.3f} s")
    mismatches = {k: (v, rep.total[k]) for k, v in sql.items() if rep.total[k] != v}
    out["equal"] = not mismatches
    out["figures"] = sql
    log(f"equal to the hand-written aggregate: {not mismatches} {mismatches or ''}")
    return out


def known_figures() -> dict:
    from motcua.reports import selectors

    rep = selectors.report(dt.date(2024, 1, 1), dt.date(2024, 6, 30), group="province",
                           scope=selectors.agency_scope(KNOWN_AGENCY))
    t = rep.total
    got = {"received": t["received"], "early_or_on_time": t["resolved_on_time_or_early"],
           "late": t["resolved_late"], "within": t["in_progress_within"], "withdrawn": t["withdrawn"],
           "share_early_or_on_time": t["share_early_or_on_time"], "share_late": t["share_late"],
           "share_within": t["share_in_progress_within"]}
    expected = {"received": 368_000, "early_or_on_time": 364_600, "late": 235, "within": 3_153, "withdrawn": 12,
                "share_early_or_on_time": 99.08, "share_late": 0.06, "share_within": 0.86}
    log(f"known figures: {got} -> {'exact' if got == expected else 'DIFFERENT'}")
    return {"got": got, "exact": got == expected}


def markdown(load_info, refresh, measured, known, args) -> str:
    r, s = measured["report"], measured["sql"]
    lines = [SECTION, "",
             f"`{args.command}` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, PostgreSQL, 2 shared CPU cores "
             "(four people working on the machine at the time).", "",
             f"- Data: {load_info['dossiers']:,} dossiers inserted with INSERT … SELECT generate_series in "
             f"{load_info['load_seconds']:.0f} s, indexes and constraints rebuilt included (three years, the demo province's procedures and agencies, plus the "
             "known-figures block).",
             f"- Refresh job (facts, spans, daily and monthly rollups, from scratch): {refresh['seconds']:.0f} s for "
             f"{refresh['facts']:,} facts.",
             "",
             "| measure (province, Q3 2025) | cold | warm (median of 5) | goal |", "|---|---|---|---|",
             f"| quarter report per agency (rollups) | {r['cold']:.3f} s | {r['warm']:.3f} s | ≤ 5 s / ≤ 1 s |"]
    if "index" in measured:
        i = measured["index"]
        lines.append(f"| 766 index (rollups + catalog) | {i['cold']:.3f} s | {i['warm']:.3f} s | ≤ 5 s / ≤ 1 s |")
    lines += [f"| hand-written SQL aggregate over the raw dossiers | {s['cold']:.3f} s | {s['warm']:.3f} s | – |", "",
              f"Ratio hand-written SQL ÷ report (warm): {s['warm'] / r['warm']:.1f}×; the report's figures "
              f"{'equal' if measured['equal'] else 'DIFFER FROM'} the hand-written aggregate's "
              f"({', '.join(f'{k} {v:,}' for k, v in measured['figures'].items())}).", "",
              f"Known figures (Tây Ninh H1 2017 mix, 368,000 dossiers): {known['got']} — "
              f"{'exactly the reference counts and shares' if known['exact'] else 'NOT the reference figures'}.",
              "", "Cold = a new database connection and the first run; the operating system's file cache was not "
              "dropped (other people's work shares the machine).", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossiers", type=int, default=10_000_000)
    ap.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    ap.add_argument("--database", default=DATABASE)
    ap.add_argument("--reuse", action="store_true", help="measure the existing database (no load, no refresh)")
    ap.add_argument("--skip-load", action="store_true",
                    help="the dossiers are loaded already (a previous run): refresh and measure")
    ap.add_argument("--load-seconds", type=float, default=0, help="with --skip-load: the earlier load's time")
    ap.add_argument("--write", metavar="MARKDOWN")
    args = ap.parse_args(argv)
    args.command = " ".join(["bench/bench_reports.py", *(argv if argv is not None else sys.argv[1:])])
    configure(args.server, args.database)
    record = ROOT / "var" / f"bench_reports_{args.database}.json"
    if not args.reuse and not args.skip_load:
        recreate_database(args.server, args.database)
    import django

    django.setup()
    from django.core.management import call_command

    if not args.reuse:
        call_command("migrate", verbosity=0)
        if args.skip_load:
            from motcua.dossiers.models import Dossier

            load_info = {"dossiers": Dossier.objects.count(), "load_seconds": args.load_seconds}
        else:
            log("loading the demo province")
            call_command("demo", dossiers=0, verbosity=0)
            load_info = load(args.dossiers)
        log("refresh job (full)")
        from motcua.reports import facts

        count = [0]

        def progress(n):
            count[0] += n
            log(f"  facts: {count[0]:,}")

        state = facts.refresh(full=True, batch=5_000, progress=progress)
        refresh = {"seconds": state.seconds, "facts": state.facts}
        log(f"refresh: {state.seconds:.0f} s, {state.facts:,} facts")
        from django.db import connection

        with connection.cursor() as cursor:
            for table in ("reports_dossierfact", "reports_factspan", "reports_dailyrollup", "reports_monthlyrollup"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        record.parent.mkdir(exist_ok=True)
        record.write_text(json.dumps({"load": load_info, "refresh": refresh}), encoding="utf-8")
    saved = json.loads(record.read_text(encoding="utf-8"))
    measured = measure()
    known = known_figures()
    if args.write:
        from bench_workdays import write_section

        write_section(ROOT / args.write, markdown(saved["load"], saved["refresh"], measured, known, args), SECTION)
        log(f"written to {args.write}")
    return 0 if measured["equal"] and known["exact"] else 1


if __name__ == "__main__":
    sys.exit(main())
