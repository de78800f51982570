import pytest

from motcua.reports.models import RefreshState
from motcua.reports.tasks import refresh_reports

pytestmark = pytest.mark.django_db


def test_the_job_refreshes_and_records_its_freshness():
    result = refresh_reports()
    assert result["facts"] == 0
    state = RefreshState.objects.get(name="default")
    assert state.refreshed_at is not None
    assert refresh_reports()["last_event_id"] == state.last_event_id  # the second run is incremental
