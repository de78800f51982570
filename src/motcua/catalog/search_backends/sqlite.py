"""SQLite: an FTS5 table over the folded texts of published versions, kept in sync by triggers.

The FTS table (rowid = version id) holds three columns: the folded name, the everyday phrases (the second
part of search_body) and the whole folded body. Triggers on catalog_procedureversion insert, replace or
delete its row whenever a version enters, changes inside or leaves the published state, whether through
save(), a queryset update() or raw SQL, and bump the change counter (catalog_search_state) that search
caches are keyed on; triggers on catalog_synonym bump it too.

Django rebuilds a SQLite table to alter it (new table, copy, drop, rename), which drops its triggers: a
later migration of ProcedureVersion would silently stop the sync. ``ensure_installed`` (run by search once
per process) recreates whatever is missing and refills the FTS table.
"""

from __future__ import annotations

from .scoring import PARTS, Candidate, Probe, Query
from .sql import STATE, SYNONYMS, VERSIONS, code_rows, fetch_candidates, filter_sql, finish

FTS = "catalog_search_fts"
BUMP = f"UPDATE {STATE} SET version = abs(random()) WHERE id = 1;"  # never repeats a rolled-back value


def keywords_of(body: str) -> str:
    """SQL for the second part of a folded body (the everyday phrases; see search_text.py)."""
    rest = f"substr({body}, instr({body}, ' | ') + 3)"
    return (f"(CASE WHEN instr({body}, ' | ') = 0 THEN '' WHEN instr({rest}, ' | ') = 0 THEN {rest} "
            f"ELSE substr({rest}, 1, instr({rest}, ' | ') - 1) END)")


_ADD = (f"INSERT INTO {FTS}(rowid, name, keywords, body) SELECT new.id, new.search_name, "
        f"{keywords_of('new.search_body')}, new.search_body WHERE new.status = 'published';")
_REMOVE = f"DELETE FROM {FTS} WHERE rowid = old.id;"
TRIGGERS = {
    "catalog_search_version_inserted":
        f"AFTER INSERT ON {VERSIONS} WHEN new.status = 'published' BEGIN {_ADD} {BUMP} END",
    "catalog_search_version_updated":
        f"AFTER UPDATE OF status, search_code, search_name, search_body, procedure_id ON {VERSIONS} "
        f"WHEN old.status = 'published' OR new.status = 'published' BEGIN {_REMOVE} {_ADD} {BUMP} END",
    "catalog_search_version_deleted":
        f"AFTER DELETE ON {VERSIONS} WHEN old.status = 'published' BEGIN {_REMOVE} {BUMP} END",
    "catalog_search_synonym_inserted": f"AFTER INSERT ON {SYNONYMS} BEGIN {BUMP} END",
    "catalog_search_synonym_updated": f"AFTER UPDATE ON {SYNONYMS} BEGIN {BUMP} END",
    "catalog_search_synonym_deleted": f"AFTER DELETE ON {SYNONYMS} BEGIN {BUMP} END",
}


def install(connection) -> None:
    """(Re)create the FTS table and the triggers, fill the table from the published versions (idempotent)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {STATE} (id integer PRIMARY KEY, version integer NOT NULL)")
        cursor.execute(f"INSERT OR IGNORE INTO {STATE} (id, version) VALUES (1, abs(random()))")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(name, keywords, body, "
                       "tokenize = 'unicode61 remove_diacritics 2', prefix = '3', detail = 'column')")
        for name, body in TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"INSERT INTO {FTS}(rowid, name, keywords, body) SELECT id, search_name, "
                       f"{keywords_of('search_body')}, search_body FROM {VERSIONS} WHERE status = 'published'")
        cursor.execute(BUMP)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        cursor.execute(f"DROP TABLE IF EXISTS {STATE}")


def ensure_installed(connection) -> None:
    """Repair the index when a table rebuild dropped triggers (or the tables are missing): one query when sound."""
    expected = [FTS, STATE, *TRIGGERS]
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(expected))
        cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE name IN ({marks})", expected)
        if cursor.fetchone()[0] != len(expected):
            install(connection)


def state(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {STATE} WHERE id = 1")
        return cursor.fetchone()[0]


def _json_list_contains(column: str) -> str:
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = %s)"


def _match(probe: Probe, part: str) -> str:
    """The FTS5 query finding the probe in one column (tokens are letters and digits only: safe in quotes)."""
    words = [f'"{token}"' for token in probe.tokens] + ([f'"{probe.prefix}" *'] if probe.prefix else [])
    expression = f"({(' AND ' if probe.together else ' OR ').join(words)})"
    if part == "body" and probe.together:  # all the words anywhere: in the name, the body or both
        return expression
    return f"{part} : {expression}"


def candidates(connection, query: Query, filters: dict, limit: int) -> list[Candidate]:
    """One FTS5 look-up per probe and part, rows (id, probe, weight x part factor) grouped by version: the
    best part per probe, summed."""
    selects, params = [], []
    for s, probe in enumerate(query.probes):
        for part, factor in PARTS:
            if part == "body" and not probe.everywhere:
                continue
            selects.append(f"SELECT rowid AS id, {s} AS s, %s AS w FROM {FTS} WHERE {FTS} MATCH %s")
            params += [probe.weight * factor, _match(probe, part)]
    scored_parts = []
    if selects:
        scored_parts.append(
            "SELECT id, sum(w) AS proxy FROM (SELECT id, s, max(w) AS w "
            f"FROM ({' UNION ALL '.join(selects)}) m GROUP BY id, s) ms GROUP BY id")
    if query.codes:
        sql, code_params = code_rows(query)
        scored_parts.append(sql)
        params += code_params
    if not scored_parts:
        return []
    scored = scored_parts[0] if len(scored_parts) == 1 else (
        f"SELECT id, sum(proxy) AS proxy FROM ({' UNION ALL '.join(scored_parts)}) u GROUP BY id")
    filters_sql, filter_params = filter_sql(filters, _json_list_contains)
    return fetch_candidates(connection, finish(scored, params, filters_sql, filter_params, limit))
