"""`motcua demo` (run by `make run`) leaves a province to work in: dossiers in the inboxes and computed
statistics, and running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reports.models import DossierFact, RefreshState

pytestmark = pytest.mark.django_db


def test_demo_seeds_dossiers_and_statistics_once():
    out = StringIO()
    call_command("demo", dossiers=60, stdout=out)
    assert Dossier.objects.filter(parent__isnull=True).count() == 60 + 7  # the generated year, today's work
    events = DossierEvent.objects.count()
    state = RefreshState.objects.get(name="default")
    assert state.refreshed_at is not None and state.last_event_id == DossierEvent.objects.latest("id").id
    counted = Dossier.objects.filter(parent__isnull=True, received_at__isnull=False)  # what the reports count
    assert DossierFact.objects.count() == counted.count() == 60 + 7 - 1  # one is submitted online, not received
    assert "60" in out.getvalue()

    call_command("demo", dossiers=60, stdout=StringIO())
    assert Dossier.objects.filter(parent__isnull=True).count() == 60 + 7
    assert DossierEvent.objects.count() == events


def test_every_demo_officer_has_work_waiting():
    from django.contrib.auth import get_user_model

    from motcua.demo.scenario import open_demo_dossiers
    from motcua.dossiers import selectors

    assert open_demo_dossiers() == 7
    expected = {"canbo.motcua": "to_receive", "chuyenvien": "to_process", "truongphong": "to_review",
                "lanhdao": "to_sign"}
    for username, tab in expected.items():
        inbox = selectors.inbox(get_user_model().objects.get(username=username), tab=tab)
        assert inbox.rows, (username, inbox.counts)
        assert inbox.counts["waiting"] == 1


def test_demo_without_dossiers():
    call_command("demo", dossiers=0, stdout=StringIO())
    assert not Dossier.objects.exists()
