import datetime as dt

import pytest

from motcua.dossiers import seed

UNTIL = dt.date(2026, 3, 16)
# Every kind of history: far more supplementations, second requests, late and open dossiers than real life.
BUSY = seed.Shares(resolved=0.45, late=0.2, in_progress=0.35, late_still_open=0.4, rescheduled_of_late=0.5,
                   submitted_of_recent_online=0.3, supplementation=0.35, supplementation_late_request=0.3,
                   obligation=0.2)


@pytest.fixture
def busy_dossiers(db):
    """A few hundred generated dossiers over three months (bulk path: the same rows as the services)."""
    return seed.generate(n=300, months=3, seed=7, until=UNTIL, bulk=True, shares=BUSY)
