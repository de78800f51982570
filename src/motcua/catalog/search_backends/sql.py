"""SQL shared by the two candidate queries: the tables, the proxy score, the filters and the code match.

Both databases choose their candidates with the same proxy: for each probe (a word of the query with its
alternatives), its weight times the factor of the best part of the version it is found in (name 1.0,
everyday phrases 0.8, the rest 0.4), summed over the probes; exact codes first. Only how a word is found
differs (SQLite: FTS5 MATCH per probe and part; PostgreSQL: one pass over weighted tsvectors).
"""

from __future__ import annotations

from collections.abc import Callable

from .scoring import Candidate, Query

VERSIONS, PROCEDURES, FIELDS, SYNONYMS = ("catalog_procedureversion", "catalog_procedure", "catalog_field",
                                          "catalog_synonym")
STATE = "catalog_search_state"  # one row: a number that changes whenever what search reads changes
CANDIDATE_COLUMNS = "v.id, p.localised_code, p.base_code, v.search_name, v.search_body"
PUBLISHED = "v.status = 'published'"
FILTERS = ("field", "level", "applicant", "online_level")
CODE_PROXY = 1000.0


def filter_sql(filters: dict, json_list_contains: Callable[[str], str]) -> tuple[str, list]:
    """' AND ...' conditions for the filters (already checked), and their parameters."""
    conditions, params = [], []
    if filters.get("field"):
        conditions.append(f"p.field_id IN (SELECT id FROM {FIELDS} WHERE code = %s)")
        params.append(filters["field"])
    if filters.get("level"):
        conditions.append(json_list_contains("v.levels"))
        params.append(filters["level"])
    if filters.get("applicant"):
        conditions.append(json_list_contains("v.applicants"))
        params.append(filters["applicant"])
    if filters.get("online_level"):
        conditions.append("v.online_level = %s")
        params.append(filters["online_level"])
    return "".join(f" AND {c}" for c in conditions), params


def code_rows(query: Query) -> tuple[str, list]:
    """Rows (id, proxy) of the versions whose base or localised code is in the query."""
    marks = ", ".join(["%s"] * len(query.codes))
    return (f"SELECT v.id AS id, {CODE_PROXY} AS proxy FROM {VERSIONS} v JOIN {PROCEDURES} p "
            f"ON p.id = v.procedure_id WHERE {PUBLISHED} AND (p.base_code IN ({marks}) "
            f"OR v.search_code IN ({marks}))", [*query.codes, *query.codes])


def finish(scored: str, params: list, filters_sql: str, filter_params: list, limit: int) -> tuple[str, list]:
    """The best `limit` of the scored rows (id, proxy) with the candidates' texts. Filters apply
    before the best are kept; without filters the best are kept before the join."""
    joined = f"JOIN {VERSIONS} v ON v.id = c.id JOIN {PROCEDURES} p ON p.id = v.procedure_id"
    if filters_sql:
        return (f"SELECT {CANDIDATE_COLUMNS} FROM ({scored}) c {joined} WHERE {PUBLISHED}{filters_sql} "
                "ORDER BY c.proxy DESC, c.id LIMIT %s", [*params, *filter_params, limit])
    return (f"SELECT {CANDIDATE_COLUMNS} FROM ({scored} ORDER BY proxy DESC, id LIMIT %s) c {joined} "
            f"WHERE {PUBLISHED} ORDER BY c.proxy DESC, c.id", [*params, limit])


def fetch_candidates(connection, statement: tuple[str, list] | None) -> list[Candidate]:
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return [Candidate(*row) for row in cursor.fetchall()]
