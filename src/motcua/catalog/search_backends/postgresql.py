"""PostgreSQL: a table of weighted word vectors kept in sync by triggers, and pg_trgm for typos.

* Words: catalog_search_document holds, for every published version (version_id), the words of its folded
  name (weight A), of its everyday phrases (split_part(search_body, ' | ', 2), weight B) and of its whole
  folded body (weight D): to_tsvector('simple', regexp_replace(text, '[^[:alnum:]]+', ' ', 'g')), the same
  tokens as SQLite's FTS5 and the shared scoring (runs of letters and digits, no stemming, no stop words).
  A GIN index finds the versions with any probe; one pass over those rows gives, per probe, the best part
  it is in ("khai:A" = in the name), hence the proxy score.
* Typos: a trigram GIN index (pg_trgm, gin_trgm_ops) on the folded name. When no word of the query is found
  at all, the names whose ``word_similarity`` with the query reaches pg_trgm's threshold (operator ``<%``)
  are proposed instead. A fallback only: measured on 10,000 procedures, trigram look-ups of single Vietnamese
  syllables cost 20-170 ms (two-letter syllables have no trigram a LIKE or regular expression can use, and
  rechecks are many) against about 1 ms for the word index (docs/search.md).
* Triggers on catalog_procedureversion keep the table in sync (save(), queryset update(), raw SQL alike;
  TRUNCATE empties it) and, with triggers on catalog_synonym, bump the change counter (catalog_search_state)
  from a sequence, so a rolled-back change never leaves a number a later one reuses.

The unaccent extension is created for ad-hoc SQL only: search reads the columns folded in Python.
"""

from __future__ import annotations

from .scoring import PARTS, Candidate, Probe, Query
from .sql import (
    CANDIDATE_COLUMNS,
    PROCEDURES,
    PUBLISHED,
    STATE,
    SYNONYMS,
    VERSIONS,
    code_rows,
    fetch_candidates,
    filter_sql,
    finish,
)

SEQUENCE = f"{STATE}_seq"
DOCUMENTS = "catalog_search_document"
WORDS_FUNCTION = "catalog_search_words"
SYNC_FUNCTION = "catalog_search_sync"
BUMP_FUNCTION = "catalog_search_bump"
LETTERS = {"name": "A", "keywords": "B", "body": "D"}  # tsvector weights of the parts
# fastupdate off: a GIN index with a long pending list (after a bulk import) is one the planner will not
# use until autovacuum flushes it; catalog writes are rare, reads are many.
INDEXES = {
    "catalog_search_document_words": f"{DOCUMENTS} USING gin (words)",
    "catalog_search_name_trgm": f"{VERSIONS} USING gin (search_name gin_trgm_ops)",
}
_WHEN = {
    "inserted": f"AFTER INSERT ON {VERSIONS} FOR EACH ROW WHEN (NEW.status = 'published')",
    "updated": f"AFTER UPDATE OF status, search_code, search_name, search_body, procedure_id ON {VERSIONS} "
               "FOR EACH ROW WHEN (OLD.status = 'published' OR NEW.status = 'published')",
    "deleted": f"AFTER DELETE ON {VERSIONS} FOR EACH ROW WHEN (OLD.status = 'published')",
    "truncated": f"AFTER TRUNCATE ON {VERSIONS} FOR EACH STATEMENT",
}
TRIGGERS = {f"catalog_search_version_{event}": (when, SYNC_FUNCTION) for event, when in _WHEN.items()}
TRIGGERS["catalog_search_synonym_changed"] = (
    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {SYNONYMS} FOR EACH STATEMENT", BUMP_FUNCTION)


_KEYWORDS = "split_part(body, ' | ', 2)"  # the everyday phrases: the second part of the folded body


def _words(text: str) -> str:
    return f"to_tsvector('simple', regexp_replace({text}, '[^[:alnum:]]+', ' ', 'g'))"


FUNCTIONS = [
    f"CREATE OR REPLACE FUNCTION {WORDS_FUNCTION}(name text, body text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT "
    f"setweight({_words('name')}, 'A') || setweight({_words(_KEYWORDS)}, 'B') "
    f"|| setweight({_words('body')}, 'D') $$",
    f"CREATE OR REPLACE FUNCTION {BUMP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"UPDATE {STATE} SET version = nextval('{SEQUENCE}') WHERE id = 1; RETURN NULL; END $$",
    f"CREATE OR REPLACE FUNCTION {SYNC_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP = 'TRUNCATE' THEN DELETE FROM {DOCUMENTS}; "
    f"ELSE "
    f"IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM {DOCUMENTS} WHERE version_id = OLD.id; END IF; "
    f"IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' THEN "
    f"INSERT INTO {DOCUMENTS} (version_id, words) VALUES (NEW.id, {WORDS_FUNCTION}(NEW.search_name, "
    f"NEW.search_body)); END IF; "
    f"END IF; "
    f"UPDATE {STATE} SET version = nextval('{SEQUENCE}') WHERE id = 1; RETURN NULL; END $$",
]


def install(connection) -> None:
    """Extensions, the document table (refilled), indexes, counter and triggers (idempotent). Needs the
    right to create the extensions: pg_trgm and unaccent are trusted, so the database owner may."""
    statements = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}",
        f"CREATE TABLE IF NOT EXISTS {STATE} (id smallint PRIMARY KEY, version bigint NOT NULL)",
        f"INSERT INTO {STATE} (id, version) VALUES (1, nextval('{SEQUENCE}')) ON CONFLICT (id) DO NOTHING",
        f"CREATE TABLE IF NOT EXISTS {DOCUMENTS} (version_id bigint PRIMARY KEY, words tsvector NOT NULL)",
        *FUNCTIONS,
        f"DELETE FROM {DOCUMENTS}",
        f"INSERT INTO {DOCUMENTS} (version_id, words) SELECT id, {WORDS_FUNCTION}(search_name, search_body) "
        f"FROM {VERSIONS} WHERE status = 'published'",
        *(f"CREATE INDEX IF NOT EXISTS {name} ON {target} WITH (fastupdate = off)"
          + (" WHERE status = 'published'" if target.startswith(VERSIONS) else "")
          for name, target in INDEXES.items()),
        f"UPDATE {STATE} SET version = nextval('{SEQUENCE}') WHERE id = 1",
    ]
    for name, (when, function) in TRIGGERS.items():
        table = SYNONYMS if "synonym" in name else VERSIONS
        statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}",
                       f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {function}()"]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection) -> None:
    """Drops what install created, except the extensions (other code may use them)."""
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            table = SYNONYMS if "synonym" in name else VERSIONS
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for function in (f"{BUMP_FUNCTION}()", f"{SYNC_FUNCTION}()", f"{WORDS_FUNCTION}(text, text)"):
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
        for name in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {DOCUMENTS}")
        cursor.execute(f"DROP TABLE IF EXISTS {STATE}")
        cursor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


def ensure_installed(connection) -> None:
    """PostgreSQL keeps triggers and indexes through ALTER TABLE: nothing to repair."""


def state(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {STATE} WHERE id = 1")
        return cursor.fetchone()[0]


def _json_list_contains(column: str) -> str:
    return f"{column} @> jsonb_build_array(%s::text)"


def tsquery(probe: Probe, letters: str = "") -> str:
    """The probe as a tsquery: any of its words ("'khai' | 'sinh'"), all of them ("'chung' & 'thuc'"), an
    unfinished word as a prefix ("'sin':*"); letters restrict each word to parts ("'khai':A" = in the name).
    Tokens are letters and digits only."""
    if probe.together:
        return " & ".join(f"'{token}'{':' + letters if letters else ''}" for token in probe.tokens)
    return " | ".join([f"'{token}'{':' + letters if letters else ''}" for token in probe.tokens]
                      + ([f"'{probe.prefix}':*{letters}"] if probe.prefix else []))


def candidates(connection, query: Query, filters: dict, limit: int) -> list[Candidate]:
    """One pass over the documents with any probe: per probe, the best part it is in (k), then the proxy."""
    scored_parts, params = [], []
    if query.probes:
        parts, proxy, anywhere = [], [], []
        for s, probe in enumerate(query.probes):
            widest = tsquery(probe, "" if probe.everywhere else LETTERS["name"] + LETTERS["keywords"])
            cases = ["WHEN NOT words @@ %s::tsquery THEN NULL"]  # most probes miss most rows: one test
            params.append(widest)
            for k in range(len(PARTS) - 1, 0, -1):  # the name, then the everyday phrases
                part, _factor = PARTS[k]
                cases.append(f"WHEN words @@ %s::tsquery THEN {k}")
                params.append(tsquery(probe, LETTERS[part]))
            parts.append(f"CASE {' '.join(cases)} ELSE 0 END AS k{s}")
            proxy.append(f"CASE k{s} " + " ".join(f"WHEN {k} THEN {probe.weight * factor!r}"
                                                  for k, (_part, factor) in enumerate(PARTS)) + " ELSE 0 END")
            anywhere.append(f"({widest})")
        params.append(" | ".join(anywhere))
        scored_parts.append(
            f"SELECT id, {' + '.join(proxy)} AS proxy FROM "
            f"(SELECT version_id AS id, {', '.join(parts)} FROM {DOCUMENTS} WHERE words @@ %s::tsquery) d")
    if query.codes:
        sql, code_params = code_rows(query)
        scored_parts.append(sql)
        params += code_params
    filters_sql, filter_params = filter_sql(filters, _json_list_contains)
    found = []
    if scored_parts:
        scored = scored_parts[0] if len(scored_parts) == 1 else (
            f"SELECT id, sum(proxy) AS proxy FROM ({' UNION ALL '.join(scored_parts)}) u GROUP BY id")
        found = fetch_candidates(connection, finish(scored, params, filters_sql, filter_params, limit))
    if found or not query.words:
        return found
    # No word found at all: pg_trgm proposes the names most like the query (a second query, this case only).
    typed = " ".join(query.words)
    sql = (f"SELECT {CANDIDATE_COLUMNS} FROM (SELECT id, word_similarity(%s, search_name) AS proxy "
           f"FROM {VERSIONS} WHERE status = 'published' AND %s <%% search_name) c "
           f"JOIN {VERSIONS} v ON v.id = c.id JOIN {PROCEDURES} p ON p.id = v.procedure_id "
           f"WHERE {PUBLISHED}{filters_sql} ORDER BY c.proxy DESC, c.id LIMIT %s")
    return fetch_candidates(connection, (sql, [typed, typed, *filter_params, limit]))
