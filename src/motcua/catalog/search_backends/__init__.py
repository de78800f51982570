"""The parts of catalog search (see docs/search.md).

* ``lexicon`` and ``scoring``: pure Python, the same on every database: tokens, vocabulary, typo
  alternatives, synonyms and the one scoring function.
* ``sqlite`` and ``postgresql``: what each database adds: its index (an FTS5 table kept in sync by triggers;
  trigram GIN indexes), a change counter kept by triggers, and the candidate query.
"""

from . import postgresql, sqlite

BACKENDS = {"sqlite": sqlite, "postgresql": postgresql}


def backend_for(connection):
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"catalog search does not support the {connection.vendor} database") from None
