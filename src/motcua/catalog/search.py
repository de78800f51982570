"""Catalog search as citizens type: without diacritics, with typos, in everyday words (docs/search.md).

    search("dang ki khai sin") -> [SearchHit(version=<Thủ tục đăng ký khai sinh>, score=...), ...]

1. The query is folded (``core.text.fold``), cut into words, and each word gets its alternatives from the
   catalog's vocabulary (i/y spelling, an unfinished last word, the nearest known words for typos); everyday
   words with a synonym give rewritten variants of the query.
2. The database proposes at most CANDIDATES published versions, by the same proxy score on both (SQLite: an
   FTS5 table; PostgreSQL: weighted word vectors, and pg_trgm name similarity when no word is found).
3. One scoring function in Python ranks them, the same on both databases.

Queries per search: the change counter and the candidates, 2 whatever the query (on PostgreSQL, 3 when no
word of the query is found and pg_trgm is asked); one more, for all hits at once, when a caller reads a hit's
version. When the counter has moved (a version published or retired, a synonym edited), the vocabulary and
the synonyms are read again first (2 more queries, once per change and process).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connections
from django.utils.translation import gettext as _

from motcua.core.text import fold

from .models import ProcedureVersion, Synonym
from .search_backends import backend_for
from .search_backends.lexicon import Synonyms, Vocabulary
from .search_backends.scoring import analyse, rank
from .search_backends.sql import FILTERS

MAX_QUERY_LENGTH = 200
# Proposed by the database and scored; more when more results are asked for, up to MAX_CANDIDATES. The top-3
# hit rate of the query set is the same with 40 to 100 candidates on 10,000 procedures (docs/benchmarks.md),
# while scoring and transfer cost grow with the count.
CANDIDATES = 50
MAX_CANDIDATES = 200
# A hit carries its version for its code and name; the long texts stay in the database until asked for.
HEAVY_FIELDS = ("steps", "requirements", "processing_note", "form_schema", "legal_basis", "sources", "unconfirmed",
                "search_body")


class _Versions:
    """The versions of one search's hits, read together the first time any hit's version is asked for: the
    search itself needs only ids, codes and scores (a selector that filters the hits further reads its own)."""

    def __init__(self, ids: list[int], using: str):
        self._ids, self._using, self._loaded = ids, using, None

    def get(self, pk: int) -> ProcedureVersion:
        if self._loaded is None:
            self._loaded = (ProcedureVersion.objects.using(self._using).select_related("procedure")
                            .defer(*HEAVY_FIELDS).in_bulk(self._ids))
        return self._loaded[pk]


@dataclass(frozen=True)
class SearchHit:
    version_id: int
    code: str  # the localised code
    score: float
    _versions: _Versions = field(repr=False, compare=False)

    @property
    def version(self) -> ProcedureVersion:
        return self._versions.get(self.version_id)

    @property
    def name(self) -> str:
        return self.version.name


@dataclass(frozen=True)
class _Catalog:
    state: int
    vocabulary: Vocabulary
    synonyms: Synonyms


_catalogs: dict[tuple, _Catalog] = {}
_installed: set[tuple] = set()
_lock = threading.Lock()


def _catalog(connection, backend) -> _Catalog:
    """The vocabulary and synonyms of this database, read again only when its change counter has moved."""
    key = (connection.alias, str(connection.settings_dict.get("NAME")))
    if key not in _installed:
        backend.ensure_installed(connection)
        _installed.add(key)
    current = backend.state(connection)
    catalog = _catalogs.get(key)
    if catalog is None or catalog.state != current:
        with _lock:
            texts = ProcedureVersion.objects.using(connection.alias).filter(
                status=ProcedureVersion.Status.PUBLISHED).values_list("search_name", "search_body")
            vocabulary = Vocabulary.build(f"{name} {body}" for name, body in texts.iterator(chunk_size=2000))
            synonyms = Synonyms.build(Synonym.objects.using(connection.alias).values_list("term", "expansion"))
            catalog = _catalogs[key] = _Catalog(current, vocabulary, synonyms)
    return catalog


def forget_caches() -> None:
    """Drop the per-process caches (tests; after restoring a database behind the process's back)."""
    _catalogs.clear()
    _installed.clear()


def clean_filters(filters: dict | None) -> dict:
    filters = {key: value for key, value in (filters or {}).items() if value not in (None, "")}
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise ValueError(_("Unknown search filter(s): %(names)s; allowed: %(allowed)s") % {
            "names": ", ".join(unknown), "allowed": ", ".join(FILTERS)})
    return {key: str(value) for key, value in filters.items()}


def search(query: str, *, limit: int = 10, filters: dict | None = None, using: str = "default") -> list[SearchHit]:
    """Published versions matching the query, best first (score: higher is better)."""
    folded = fold((query or "")[:MAX_QUERY_LENGTH])
    filters = clean_filters(filters)
    if not folded or limit < 1:
        return []
    connection = connections[using]
    backend = backend_for(connection)
    catalog = _catalog(connection, backend)
    analysed = analyse(folded, catalog.vocabulary, catalog.synonyms)
    if not analysed.words and not analysed.codes:
        return []
    limit = min(limit, MAX_CANDIDATES)
    candidates = backend.candidates(connection, analysed, filters, max(CANDIDATES, limit))
    ranked = [(value, c) for value, c in rank(analysed, candidates, catalog.vocabulary, limit) if value > 0]
    if not ranked:
        return []
    versions = _Versions([c.id for _, c in ranked], using)
    return [SearchHit(c.id, c.localised_code, value, versions) for value, c in ranked]
