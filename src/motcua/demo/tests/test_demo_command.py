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
    assert Dossier.objects.filter(parent__isnull=True).count() == 60
    events = DossierEvent.objects.count()
    state = RefreshState.objects.get(name="default")
    assert state.refreshed_at is not None and state.last_event_id == DossierEvent.objects.latest("id").id
    assert DossierFact.objects.count() == Dossier.objects.filter(parent__isnull=True).count()
    assert "60" in out.getvalue()

    call_command("demo", dossiers=60, stdout=StringIO())
    assert Dossier.objects.filter(parent__isnull=True).count() == 60
    assert DossierEvent.objects.count() == events


def test_demo_without_dossiers():
    call_command("demo", dossiers=0, stdout=StringIO())
    assert not Dossier.objects.exists()
