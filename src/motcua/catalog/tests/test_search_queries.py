"""The realistic citizen queries of data/search_queries.json: the top-3 hit rate of catalog search.

A query hits when one of its expected base codes is among the base codes of the first three results. Runs
on whatever database the suite runs on (CI runs it on SQLite and on PostgreSQL)."""

import json
from pathlib import Path

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.search import search

pytestmark = pytest.mark.django_db

QUERIES = Path(__file__).resolve().parents[1] / "data" / "search_queries.json"
GOAL = 0.9


def test_top_3_hit_rate_of_the_citizen_queries():
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    published = set(ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
                    .values_list("procedure__base_code", flat=True))
    misses = []
    for q in queries:
        top = [hit.version.procedure.base_code for hit in search(q["query"], limit=3)]
        if not set(top) & set(q["expected"]):
            unpublished = "" if set(q["expected"]) & published else " (none of the expected is published)"
            misses.append(f"  {q['query']!r}: expected {', '.join(q['expected'])}, got {', '.join(top) or '-'}"
                          f"{unpublished}")
    rate = (len(queries) - len(misses)) / len(queries)
    print(f"\ntop-3 hit rate: {len(queries) - len(misses)}/{len(queries)} = {rate:.3f}")
    print("misses:\n" + "\n".join(misses) if misses else "misses: none")
    assert rate >= GOAL, "\n".join(misses)
