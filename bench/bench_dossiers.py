"""Benchmark of dossiers on PostgreSQL: receiving through the services, loading in bulk, the officer's
inbox and the dossier detail (src/motcua/dossiers/services, bulk.py, selectors.py).

    .venv/bin/python bench/bench_dossiers.py [--dossiers 1000000] [--budget-minutes 15] [--tranche 100000]
        [--workers 2] [--receipts 1000] [--samples 300] [--rounds 3] [--seed 2017] [--until YYYY-MM-DD] [--reuse]
        [--write docs/benchmarks.md]

It takes a while: run it in the background and poll the log, e.g.
    nohup .venv/bin/python bench/bench_dossiers.py --write docs/benchmarks.md > var/bench_dossiers.log 2>&1 &

1. Drops and creates the database ``motcua_bench`` (server: $BENCH_PG, default
   postgres://postgres@127.0.0.1:5432), migrates it and loads the demo province (``motcua demo``).
2. Loads dossiers through the bulk path (``motcua seed --bulk --writer copy``, its chunks shared among
   --workers processes) in tranches of --tranche dossiers, each a complete 6-month sample with its own
   seed (seed, seed + 1, ...), until
   --dossiers or until the next tranche would end after --budget-minutes; the N reached is reported.
   Then VACUUM ANALYZE. ``--reuse`` skips steps 1-2 and measures the database as it is (the figures
   of its load are read from var/bench_dossiers_<database>.json, written by the run that loaded it).
3. (b) Inbox: an officer's page (50 rows, one filter) through ``selectors.inbox`` plus rendering the rows
   with a Django template, a new user object per request (so the scope and roles are read each time, as
   in a request), for several officers, tabs and filters; p50/p95/p99 (goal p95 <= 50 ms). Detail:
   ``selectors.dossier_detail`` plus rendering everything (components, supplementations, reschedule,
   result, children, events with actors) for random dossiers (goal p95 <= 30 ms). Shows the EXPLAIN
   ANALYZE of the three queries of an inbox page (counts of the tabs, ids of the page, its rows).
4. (a) Receiving: --receipts walk-in receipts through ``services.receive`` (each its own transaction, as
   at the counter; notifications off), then the very same dossier, component and event rows inserted by
   plain SQL (executemany, one transaction; unique values changed) -> rates and their ratio (goal: the
   services >= 150 receipts/s). The receipts are deleted afterwards.
5. Steps 3-4 run --rounds times (other work may share the machine); the best round of each measure is
   reported, with the figure of every round.

With --write, replaces the section "## Dossiers" of the given markdown file; other sections are left
untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bench_workdays import cpu_model, write_section  # noqa: E402  (the same machine description, the same writer)

SECTION = "## Dossiers"
DEFAULT_DATABASE = "motcua_bench"

INBOX_TEMPLATE = """<table>{% for d in inbox.rows %}<tr>
<td>{{ d.code|default:d.reference }}</td><td>{{ d.procedure_version.procedure.localised_code }}</td>
<td>{{ d.procedure_version.name|truncatechars:80 }}</td>
<td>{{ d.applicant_name }}</td><td>{{ d.get_channel_display }}</td><td>{{ d.get_status_display }}</td>
<td>{{ d.current_step.name|default:"" }}</td><td>{{ d.deciding_agency.name }}</td>
<td>{{ d.receiving_centre.name|default:"" }}</td><td>{{ d.assignee.get_full_name|default:"" }}</td>
<td>{{ d.received_at|date:"H:i d/m/Y" }}</td><td>{{ d.due_at|date:"H:i d/m/Y" }}</td></tr>{% endfor %}</table>
{% for tab, n in inbox.counts.items %}<a>{{ tab }} ({{ n }})</a>{% endfor %}
page {{ inbox.page }}/{{ inbox.num_pages }}"""

DETAIL_TEMPLATE = """<h1>{{ d.code }} {{ d.procedure_version.name }}</h1>
<p>{{ d.procedure_version.procedure.field.name }} {{ d.get_status_display }} {{ d.get_channel_display }}
{{ d.receiving_centre.name|default:"" }} {{ d.receiving_agency.name }} {{ d.deciding_agency.name }}
{{ d.applicant_name }} {{ d.applicant_id_number }} {{ d.applicant_phone }} {{ d.applicant.address }}
{{ d.applicant_user.get_full_name|default:"" }} {{ d.assignee.get_full_name|default:"" }}
{{ d.received_at|date:"H:i d/m/Y" }} {{ d.due_at|date:"H:i d/m/Y" }} {{ d.step_due_at|date:"H:i d/m/Y" }}
{{ d.current_step.name|default:"" }} {{ d.parent.code|default:"" }} {{ d.fee_due }} {{ d.fee_paid }}</p>
<ol>{% for s in d.process.steps.all %}<li>{{ s.name }} {{ s.get_role_display }} {{ s.duration }}</li>{% endfor %}</ol>
<ul>{% for c in d.components.all %}<li>{{ c.name }} {{ c.get_kind_display }} {{ c.copies }} {{ c.file_name }}</li>{% endfor %}</ul>
<ul>{% for s in d.supplementations.all %}<li>{{ s.number }} {{ s.requested_at|date:"d/m/Y" }}
{{ s.requested_by.get_full_name|default:"" }} {{ s.reason }} {{ s.received_at|date:"d/m/Y" }}</li>{% endfor %}</ul>
{% if d.reschedule %}<p>{{ d.reschedule.previous_due_at|date:"d/m/Y" }} → {{ d.reschedule.new_due_at|date:"d/m/Y" }}
{{ d.reschedule.reason }} {{ d.reschedule.created_by.get_full_name }}</p>{% endif %}
{% if d.result %}<p>{{ d.result.name }} {{ d.result.number }} {{ d.result.issued_at|date:"d/m/Y" }}</p>{% endif %}
<ul>{% for c in d.children.all %}<li>{{ c.code }} {{ c.deciding_agency.name }} {{ c.get_status_display }}
{{ c.result.name|default:"" }}</li>{% endfor %}</ul>
<ol>{% for e in d.events.all %}<li>{{ e.occurred_at|date:"H:i d/m/Y" }} {{ e.kind }}
{{ e.actor.get_full_name|default:e.actor_name }} {{ e.from_step }} → {{ e.to_step }} {{ e.payload }}</li>{% endfor %}</ol>"""


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def summary_ms(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50) * 1000:.1f} ms, p95 {percentile(values, 95) * 1000:.1f} ms, "
            f"p99 {percentile(values, 99) * 1000:.1f} ms ({len(values)} requests)")


# ------------------------------------------------------------------ set-up


def configure(server: str, database: str) -> None:
    os.environ["DATABASE_URL"] = f"{server.rstrip('/')}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")
    os.environ["DEBUG"] = "0"  # no query log
    os.environ["MOTCUA_NOTIFY_ENABLED"] = "0"  # no SMS or e-mail for synthetic dossiers


def recreate_database(server: str, database: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')


# The tables the bulk path writes: their plain indexes and foreign keys are dropped for the load and
# rebuilt after it (PostgreSQL's advice for populating a database), inside the timed load.
LOADED_TABLES = ["dossiers_dossier", "dossiers_dossierevent", "dossiers_dossiercomponent", "dossiers_supplementation",
                 "dossiers_reschedule", "dossiers_dossierresult"]


def drop_for_load(cursor) -> tuple[list, list]:
    """Drops the foreign keys and the indexes that back no constraint (primary keys and unique constraints
    stay, so every row is still checked as it comes); returns what to rebuild."""
    cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2", [LOADED_TABLES])
    foreign_keys = cursor.fetchall()
    cursor.execute("SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
                   "WHERE indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
                   "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1", [LOADED_TABLES])
    indexes = cursor.fetchall()
    for table, name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return foreign_keys, indexes


def rebuild_after_load(cursor, foreign_keys: list, indexes: list) -> None:
    """The indexes built again (sorted builds, a worker per core) and the foreign keys added again, which
    checks every loaded row against its referenced row."""
    cursor.execute("SET maintenance_work_mem TO '256MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute("RESET maintenance_work_mem")


def rebuild_estimate(n: int) -> float:
    """Seconds to rebuild the indexes and foreign keys after n dossiers, with room to spare (measured:
    about 40 s per 100,000 dossiers on the shared 2-core machine)."""
    return 60 + 0.0004 * n


def load(args) -> dict:
    from django.db import connection

    from motcua.dossiers import seed

    with connection.cursor() as cursor:
        foreign_keys, indexes = drop_for_load(cursor)
    log(f"dropped {len(indexes)} indexes and {len(foreign_keys)} foreign keys for the load")
    started, loaded, tranches, rates = time.perf_counter(), 0, [], []
    budget = args.budget_minutes * 60
    k = 0
    while loaded < args.dossiers:
        size = min(args.tranche, args.dossiers - loaded)
        elapsed = time.perf_counter() - started
        if tranches and elapsed + size / min(rates) + rebuild_estimate(loaded + size) > budget:
            log(f"stopping: the next tranche would end after the {args.budget_minutes} min budget")
            break
        t0 = time.perf_counter()
        result = seed.generate(n=size, months=6, seed=args.seed + k, until=args.until, bulk=True, writer="copy",
                               chunk_size=5000, progress=False, workers=args.workers)
        seconds = time.perf_counter() - t0
        loaded += size
        rates.append(size / seconds)
        tranches.append(result)
        log(f"tranche {k + 1}: {size} dossiers in {seconds:.0f} s ({size / seconds:.0f}/s), {loaded} loaded")
        k += 1
    t0 = time.perf_counter()
    connection.close()
    with connection.cursor() as cursor:
        rebuild_after_load(cursor, foreign_keys, indexes)
    rebuild_seconds = time.perf_counter() - t0
    log(f"rebuilt the indexes and foreign keys in {rebuild_seconds:.0f} s")
    load_seconds = time.perf_counter() - started
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    vacuum_seconds = time.perf_counter() - t0
    totals = {"outcomes": {}, "channels": {}}
    for result in tranches:
        for key in ("outcomes", "channels"):
            for name, value in result[key].items():
                totals[key][name] = totals[key].get(name, 0) + value
        for key in ("events", "components", "supplemented", "obligations", "rescheduled"):
            totals[key] = totals.get(key, 0) + result[key]
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {"n": loaded, "seconds": load_seconds, "vacuum_seconds": vacuum_seconds, "rebuild_seconds": rebuild_seconds,
            "load_avg": load_avg,
            "dropped": [len(indexes), len(foreign_keys)], "tranches": len(tranches),
            "tranche": args.tranche, "workers": args.workers, "seed": args.seed, "asked": args.dossiers, "budget_minutes": args.budget_minutes,
            "until": str(args.until), **totals}


def database_facts() -> dict:
    from django.db import connection

    from motcua.dossiers.models import Dossier, DossierEvent

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version()")
        size, version = cursor.fetchone()
    open_statuses = Dossier.objects.filter(status__in=[1, 2, 4, 5, 6, 9])
    return {"size": size, "pg": version.split(",")[0], "dossiers": Dossier.objects.count(),
            "events": DossierEvent.objects.count(), "active": open_statuses.count()}


# ------------------------------------------------------------------ (b) inbox and detail


def officers() -> list[str]:
    """Officers whose inbox is measured: the demo's Justice officers and counter officer, and the seed
    officers of the busiest commune."""
    from django.contrib.auth import get_user_model

    names = ["chuyenvien", "truongphong", "lanhdao", "canbo.motcua", "motcua.tanninh"]
    names += sorted(get_user_model().objects.filter(username__startswith="seed.").filter(
        username__contains="000.01.50").values_list("username", flat=True))
    return names


class Statements:
    """Counts the statements sent, as a cheap execute wrapper (the debug cursor would format and keep every
    statement's SQL, a cost of its own inside the timed request)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def measure_inbox(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.template import Context, Template

    from motcua.dossiers import selectors

    template = Template(INBOX_TEMPLATE)
    users = officers()
    filters = [{"channel": 2}, {"due": "on_time"}, {"field": "HOTICH"}, {"received_from": "2026-09-01"},
               {"procedure": "3.000333"}, {"channel": 1}, {"due": "due_soon"}]
    other_tabs = ["to_review", "to_sign", "waiting", "results_to_return", "overdue", "to_receive"]
    rnd = random.Random(args.seed)
    User = get_user_model()
    times, per_tab, rows, queries = [], {}, [], []
    for k in range(args.samples + 20):
        username = users[k % len(users)]
        tab = other_tabs[(k // 2) % len(other_tabs)] if k % 2 else "to_process"
        filter_ = filters[rnd.randrange(len(filters))]
        statements = Statements()
        with connection.execute_wrapper(statements):
            t0 = time.perf_counter()
            user = User.objects.get(username=username)
            inbox = selectors.inbox(user, tab=tab, filters=filter_)
            html = template.render(Context({"inbox": inbox}))
            elapsed = time.perf_counter() - t0
        assert len(html) > 0
        if k >= 20:  # warm-up
            times.append(elapsed)
            per_tab.setdefault(tab, []).append(elapsed)
            rows.append(len(inbox.rows))
            queries.append(statements.n)
    return {"all": times, "per_tab": per_tab, "rows": rows, "queries": queries, "users": users}


def measure_detail(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.template import Context, Template

    from motcua.dossiers import selectors
    from motcua.dossiers.models import Dossier

    template = Template(DETAIL_TEMPLATE)
    with connection.cursor() as cursor:  # random dossiers, picked cheaply
        cursor.execute("SELECT code FROM dossiers_dossier TABLESAMPLE SYSTEM (1) WHERE code IS NOT NULL LIMIT %s",
                       [args.samples * 4])
        codes = [row[0] for row in cursor.fetchall()]
    rnd = random.Random(args.seed)
    rnd.shuffle(codes)
    codes = codes[:args.samples + 20]
    User = get_user_model()
    times, events, queries = [], [], []
    for k, code in enumerate(codes):
        statements = Statements()
        with connection.execute_wrapper(statements):
            t0 = time.perf_counter()
            user = User.objects.get(username="canbo.motcua")  # the provincial centre reads the whole province
            try:
                dossier = selectors.dossier_detail(code, user)
            except Dossier.DoesNotExist:
                continue
            html = template.render(Context({"d": dossier}))
            elapsed = time.perf_counter() - t0
        assert len(html) > 0
        if k >= 20:
            times.append(elapsed)
            events.append(len(dossier.events.all()))
            queries.append(statements.n)
    return {"all": times, "events": events, "queries": queries}


def explain(args) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the queries an inbox request runs on the dossiers (captured as the
    inbox sends them): the counts of the tabs, the page."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers import selectors

    user = get_user_model().objects.get(username="chuyenvien")
    selectors.inbox(user, tab="to_process")  # scope and roles read and cached on the user object
    filters = {"channel": 2}
    with CaptureQueriesContext(connection) as captured:
        inbox = selectors.inbox(user, tab="to_process", filters=filters)
    plans = {"filters": filters, "rows": len(inbox.rows), "queries": []}
    with connection.cursor() as cursor:
        for name, query in zip(("counts of the tabs", "the page (its ids a subquery, then its rows)"),
                               captured.captured_queries, strict=False):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plans["queries"].append((name, query["sql"], "\n".join(row[0] for row in cursor.fetchall())))
    return plans


# ------------------------------------------------------------------ (a) receiving


def measure_receipts(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from motcua.dossiers import services
    from motcua.dossiers.models import CodeSequence, Dossier, DossierComponent, DossierEvent
    from motcua.dossiers.seed import build_context

    ctx = build_context(n=0, months=6, seed=args.seed, until=args.until)
    routes = [r for r in ctx.routes if "counter" in r.methods]
    users = {pk: get_user_model().objects.get(pk=pk) for pk in {ctx.counter_officer(r) for r in routes}}
    rnd = random.Random(args.seed)
    work = []
    for k in range(args.receipts + 50):
        route = routes[k % len(routes)]
        components = [{"name": c.name, "kind": "original", "catalog_component_id": c.pk}
                      for c in route.catalog_components[:3]] or [{"name": "Tờ khai"}]
        work.append((route, users[ctx.counter_officer(route)], components,
                     {"name": f"Người nộp {k}", "id_number": f"0720{rnd.randrange(10**8):08d}",
                      "phone": f"09{rnd.randrange(10**8):08d}"}))
    before = set(CodeSequence.objects.values_list("prefix", "day", "last"))
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    def receive(route, actor, components, applicant):
        return services.receive(actor=actor, procedure_version=route.version, receiving_centre=route.centre,
                                deciding_agency=route.agency, applicant=applicant, components=components)

    created, times = [], []
    for k, item in enumerate(work):
        t0 = time.perf_counter()
        dossier = receive(*item)
        if k >= 50:  # warm-up: caches of the calendar, the scopes and the processes
            times.append(time.perf_counter() - t0)
        created.append(dossier.pk)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:  # one more, untimed, to count its statements
        created.append(receive(*work[0]).pk)
    statements = len(captured.captured_queries)  # BEGIN, savepoints and COMMIT included
    service_seconds = sum(times)
    timed = created[50:-1]

    # The same rows by plain SQL: read them back, change what must be unique, insert with executemany.
    dossier_columns = [f.column for f in Dossier._meta.concrete_fields if f.column != "id"]
    component_columns = [f.column for f in DossierComponent._meta.concrete_fields if f.column not in ("id",)]
    event_columns = [f.column for f in DossierEvent._meta.concrete_fields if f.column not in ("id",)]
    from psycopg.types.json import Jsonb

    def jsonb(row, columns, names):
        return [Jsonb(v) if c in names else v for v, c in zip(row, columns, strict=True)]

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(dossier_columns)} FROM dossiers_dossier WHERE id = ANY(%s)", [timed])
        dossiers = cursor.fetchall()
        cursor.execute(f"SELECT {', '.join(component_columns)} FROM dossiers_dossiercomponent "
                       "WHERE dossier_id = ANY(%s)", [timed])
        components = cursor.fetchall()
        cursor.execute(f"SELECT {', '.join(event_columns)} FROM dossiers_dossierevent WHERE dossier_id = ANY(%s)",
                       [timed])
        events = cursor.fetchall()
        cursor.execute("SELECT nextval(pg_get_serial_sequence('dossiers_dossier', 'id')) "
                       "FROM generate_series(1, %s)", [len(dossiers)])
        new_ids = {old[0]: row[0] for old, row in zip(dossiers, cursor.fetchall(), strict=True)}
    reference, code = dossier_columns.index("reference"), dossier_columns.index("code")
    dossier_rows = []
    for row in dossiers:
        values = list(row[1:])
        values[reference] = uuid.uuid4()
        values[code] = "SQL" + values[code][3:]
        dossier_rows.append([new_ids[row[0]], *jsonb(values, dossier_columns, {"applicant"})])
    d_col = component_columns.index("dossier_id")
    component_rows = [[new_ids[v] if i == d_col else v for i, v in enumerate(row)] for row in components]
    e_col, h_col = event_columns.index("dossier_id"), event_columns.index("hash")
    event_rows = []
    for row in events:
        values = list(row)
        values[e_col] = new_ids[values[e_col]]
        values[h_col] = hashlib.sha256((values[h_col] + "sql").encode()).hexdigest()
        event_rows.append(jsonb(values, event_columns, {"payload"}))

    def insert(table, columns, rows, cursor):
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        insert("dossiers_dossier", ["id", *dossier_columns], dossier_rows, cursor)
        insert("dossiers_dossiercomponent", component_columns, component_rows, cursor)
        insert("dossiers_dossierevent", event_columns, event_rows, cursor)
    sql_seconds = time.perf_counter() - t0

    # Leave the database as loaded.
    every = created + list(new_ids.values())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM dossiers_dossierevent WHERE dossier_id = ANY(%s)", [every])
        cursor.execute("DELETE FROM dossiers_dossiercomponent WHERE dossier_id = ANY(%s)", [every])
        cursor.execute("DELETE FROM dossiers_dossier WHERE id = ANY(%s)", [every])
        for prefix, day, last in CodeSequence.objects.values_list("prefix", "day", "last"):
            if (prefix, day, last) not in before:
                previous = [v for p, d, v in before if (p, d) == (prefix, day)]
                if previous:
                    CodeSequence.objects.filter(prefix=prefix, day=day).update(last=previous[0])
                else:
                    CodeSequence.objects.filter(prefix=prefix, day=day).delete()
    with connection.cursor() as cursor:  # as autovacuum would: index-only scans need a fresh visibility map
        cursor.execute("VACUUM ANALYZE dossiers_dossier, dossiers_dossiercomponent, dossiers_dossierevent")
    n = len(timed)
    return {"n": n, "service_rate": n / service_seconds, "sql_rate": n / sql_seconds, "statements": statements,
            "service_ms": [t * 1000 for t in times], "components": len(component_rows), "events": len(event_rows),
            "service_seconds": service_seconds, "sql_seconds": sql_seconds}


# ------------------------------------------------------------------ report


def report(args, facts, loaded, inbox, detail, plans, receipts, started, rounds) -> str:
    now = dt.datetime.now(dt.UTC)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    import django
    import numpy

    lines = [SECTION, ""]
    command = " ".join(["bench/bench_dossiers.py", *sys.argv[1:]])
    lines.append(f"Measured {now:%Y-%m-%d %H:%M} UTC by `.venv/bin/python {command}` "
                 f"(run in the background with nohup; {(time.perf_counter() - started) / 60:.0f} min in all).")
    lines.append("")
    lines.append(f"- Machine: {cores} CPU(s), {cpu_model()}; load average at the end {load_avg} "
                 "(other work shares the machine)")
    lines.append(f"- {facts['pg']}, Python {platform.python_version()}, Django {django.get_version()}, "
                 f"numpy {numpy.__version__}; database `{args.database}` ({facts['size']}), created by the script "
                 "(drop, create, migrate, `motcua demo`)")
    if loaded:
        if args.reuse:
            lines.append(f"- Database loaded at {loaded['at']} by `.venv/bin/python {loaded['command']}`; "
                         "measured again here with --reuse")
        rate = loaded["n"] / loaded["seconds"]
        outcomes = ", ".join(f"{k} {100 * v / loaded['n']:.2f} %" for k, v in sorted(loaded["outcomes"].items()))
        channels = ", ".join(f"{k} {100 * v / loaded['n']:.1f} %" for k, v in sorted(loaded["channels"].items()))
        lines.append(f"- Loaded **N = {loaded['n']:,} dossiers** through the bulk path (`motcua seed --bulk "
                     f"--writer copy`, {loaded.get('workers', 1)} worker process(es), {loaded['tranches']} tranche(s) of "
                     f"{loaded['tranche']:,}, seeds "
                     f"{loaded['seed']}..{loaded['seed'] + loaded['tranches'] - 1}, months 6, until {loaded['until']})"
                     f" in {loaded['seconds'] / 60:.1f} min ({rate:,.0f} dossiers/s, with "
                     f"{loaded['events']:,} events and {loaded['components']:,} components; "
                     + (f"{loaded['dropped'][0]} plain indexes and {loaded['dropped'][1]} foreign keys of the "
                        f"dossier tables dropped for the load and rebuilt after it in "
                        f"{loaded['rebuild_seconds']:.0f} s, included; " if "dropped" in loaded else "")
                     + (f"load average at the end of the load {loaded['load_avg']}" if "load_avg" in loaded else
                        "load average not recorded")
                     + f"), then VACUUM ANALYZE "
                     f"in {loaded['vacuum_seconds']:.0f} s. Asked for {loaded['asked']:,} within "
                     f"{loaded['budget_minutes']} min.")
        lines.append(f"- Mix of the load: {outcomes}; channels {channels}; supplementation "
                     f"{loaded['supplemented']:,}, financial obligation {loaded['obligations']:,}, "
                     f"rescheduled {loaded['rescheduled']:,}")
    lines.append(f"- In the database at measurement: {facts['dossiers']:,} dossiers, {facts['events']:,} events, "
                 f"{facts['active']:,} in an inbox status (submitted, received, processing, waiting, decided)")
    lines.append(f"- Best of {args.rounds} rounds for each measure (the machine is shared): inbox p95 per round "
                 f"{', '.join(f'{v:.1f}' for v in rounds['inbox'])} ms; detail p95 "
                 f"{', '.join(f'{v:.1f}' for v in rounds['detail'])} ms; receipts through the services "
                 f"{', '.join(f'{v:.0f}' for v in rounds['service'])}/s; plain SQL "
                 f"{', '.join(f'{v:.0f}' for v in rounds['sql'])}/s")
    lines.append("")
    lines.append("| measure | result | goal |")
    lines.append("|---|---|---|")
    lines.append(f"| (a) receive a dossier through `services.receive` (walk-in, 3 components, own transaction) "
                 f"| {receipts['service_rate']:,.0f} receipts/s (median {statistics.median(receipts['service_ms']):.1f}"
                 f" ms, p95 {percentile(receipts['service_ms'], 95):.1f} ms; {receipts['n']} receipts) | ≥ 150/s |")
    lines.append(f"| (a) the same rows by plain SQL (`executemany` of {receipts['n']} dossier, "
                 f"{receipts['components']} component and {receipts['events']} event rows, one transaction) | "
                 f"{receipts['sql_rate']:,.0f} dossiers/s | |")
    lines.append(f"| (a) ratio services / plain SQL | {receipts['service_rate'] / receipts['sql_rate']:.2f} | |")
    lines.append(f"| (b) inbox page, 50 rows, one filter (selectors + template), all officers and tabs | "
                 f"{summary_ms(inbox['all'])} | p95 ≤ 50 ms |")
    for tab, values in sorted(inbox["per_tab"].items()):
        lines.append(f"| (b) inbox tab `{tab}` | {summary_ms(values)} | |")
    lines.append(f"| (b) dossier detail (selector + template of everything) | {summary_ms(detail['all'])} | "
                 f"p95 ≤ 30 ms |")
    lines.append("")
    lines.append(f"Inbox requests: officers {', '.join(inbox['users'])}; tabs to_process (half of the requests) "
                 "and every other tab; one filter each (channel, due status, field, received from, procedure); "
                 f"{statistics.mean(inbox['rows']):.1f} rows per page on average (max {max(inbox['rows'])}); "
                 f"{min(inbox['queries'])}–{max(inbox['queries'])} queries per request including reading the "
                 "user (a new user object each time, as in a request: its scope, roles and agencies come from "
                 "the cache, `organizations/cache.py`). "
                 f"Detail requests: random dossiers (TABLESAMPLE), {statistics.mean(detail['events']):.1f} events "
                 f"on average, {min(detail['queries'])}–{max(detail['queries'])} queries each. Times are wall "
                 "clock per request (`time.perf_counter`), after 20 warm-up requests.")
    lines.append("")
    lines.append(
        "Notes. The inbox reads only the open dossiers (the statuses somebody still has to act on), through "
        "the partial indexes of migration 0002_inbox_indexes: `dossiers_inbox` (status, due date, id, "
        "covering every column the tabs and filters read) serves officers who see the whole province with "
        "index-only scans, and `dossiers_open_by_deciding_agency` / `_receiving_agency` / `_receiving_centre` "
        "let PostgreSQL read only an agency officer's own open dossiers (bitmap OR), so the cost follows the "
        "open dossiers in the officer's reach, not the finished ones. Agency subtrees are literal id lists "
        "(read once per request), step roles uncorrelated subqueries, a page one statement (its ids a "
        "LIMIT subquery PostgreSQL plans on its own, then the 7 relations joined for those rows only), and "
        "no query joins more than 7 relations: beyond that PostgreSQL spent 8-16 ms planning the "
        "13-relation detail query that then ran in 0.7 ms. The detail does not read what the dossier row "
        "shows to be empty (no reschedule unless `rescheduled`, no result before `decided_at`, no "
        "supplementation while `supplementation_count` is 0, no child unless the process has an "
        "inter-agency step, the receiving agency when it is the deciding one). What changes a few times a "
        "year is kept in Django's cache under generations that every change replaces at once and again at "
        "its commit (`core/generations.py`): an officer's scope, unit roles and agencies, the active "
        "process with its steps, the working-day calendar and the notification rules, so that a change is "
        "seen by the next request and nothing stale is ever read. "
        f"A walk-in receipt through the services is {receipts['statements']} statements (BEGIN and COMMIT "
        "included; notifications off, so no savepoint): the code (one INSERT … ON CONFLICT DO UPDATE … "
        "RETURNING on the day's sequence row, which stays locked until commit: gap-free and race-free), the "
        "dossier inserted already received (a row inserted by this transaction needs no lock), its "
        "components and its first event; and a synchronous commit, against three multi-row INSERTs for "
        "plain SQL. Other work on this 2-core machine weighs on every figure (load average above): a round "
        "trip to PostgreSQL costs far more when other processes hold the cores.")
    lines.append("")
    lines.append(f"EXPLAIN (ANALYZE, BUFFERS) of the inbox queries (`chuyenvien`, specialist of the Justice "
                 f"department, tab to_process, filter {plans['filters']}, {plans['rows']} rows), as sent by "
                 "`selectors.inbox`:")
    lines.append("")
    for name, sql, plan in plans["queries"]:
        lines.append(f"{name[0].upper()}{name[1:]}:")
        lines.append("")
        lines.append("```sql")
        lines.append(sql)
        lines.append("```")
        lines.append("```")
        lines.extend(plan.splitlines())
        lines.append("```")
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dossiers", type=int, default=1_000_000)
    ap.add_argument("--budget-minutes", type=float, default=15)
    ap.add_argument("--tranche", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2, help="processes sharing the chunks of a tranche")
    ap.add_argument("--receipts", type=int, default=1000)
    ap.add_argument("--samples", type=int, default=300, help="inbox and detail requests per round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of measures; the best round is reported")
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--until", type=dt.date.fromisoformat, default=None,
                    help="end of the seeded period (default: today)")
    ap.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    ap.add_argument("--reuse", action="store_true", help="measure the existing database: no set-up, no load")
    ap.add_argument("--database", default=DEFAULT_DATABASE,
                    help=f"database name (default {DEFAULT_DATABASE}; dropped and created)")
    ap.add_argument("--write", metavar="MARKDOWN", help="replace the '## Dossiers' section there")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    configure(args.server, args.database)
    if not args.reuse:
        log(f"creating {args.database}")
        recreate_database(args.server, args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    args.until = args.until or timezone.localdate()  # one end date for every tranche and the report
    record = ROOT / "var" / f"bench_dossiers_{args.database}.json"  # the load, for later --reuse runs
    loaded = None
    if not args.reuse:
        call_command("migrate", verbosity=0)
        log("loading the demo province")
        call_command("demo", dossiers=0, verbosity=0)
        log(f"loading up to {args.dossiers:,} dossiers in bulk (budget {args.budget_minutes} min)")
        loaded = load(args)
        loaded["command"] = " ".join(["bench/bench_dossiers.py", *sys.argv[1:]])
        loaded["at"] = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
        record.parent.mkdir(exist_ok=True)
        record.write_text(json.dumps(loaded, indent=1), encoding="utf-8")
    elif record.exists():
        loaded = json.loads(record.read_text(encoding="utf-8"))
    facts = database_facts()
    log(f"measuring: {facts}")
    # Other work shares the machine: every measure is taken in --rounds rounds and the best round is kept
    # (the figures of every round are reported too).
    inboxes, details, receipts_rounds = [], [], []
    for round_ in range(args.rounds):
        inboxes.append(measure_inbox(args))
        log(f"round {round_ + 1}: inbox {summary_ms(inboxes[-1]['all'])}, load {os.getloadavg()[0]:.1f}")
        details.append(measure_detail(args))
        log(f"round {round_ + 1}: detail {summary_ms(details[-1]['all'])}, load {os.getloadavg()[0]:.1f}")
        receipts_rounds.append(measure_receipts(args))
        log(f"round {round_ + 1}: receipts {receipts_rounds[-1]['service_rate']:.0f}/s, "
            f"plain SQL {receipts_rounds[-1]['sql_rate']:.0f}/s, load {os.getloadavg()[0]:.1f}")
    inbox = min(inboxes, key=lambda m: percentile(m["all"], 95))
    detail = min(details, key=lambda m: percentile(m["all"], 95))
    receipts = max(receipts_rounds, key=lambda m: m["service_rate"])
    receipts["sql_rate"] = max(m["sql_rate"] for m in receipts_rounds)
    rounds = {"inbox": [percentile(m["all"], 95) * 1000 for m in inboxes],
              "detail": [percentile(m["all"], 95) * 1000 for m in details],
              "service": [m["service_rate"] for m in receipts_rounds], "sql": [m["sql_rate"] for m in receipts_rounds]}
    plans = explain(args)
    text = report(args, facts, loaded, inbox, detail, plans, receipts, started, rounds)
    print(text)
    if args.write:
        write_section(Path(args.write), text, SECTION)
        log(f"wrote the section {SECTION!r} of {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
