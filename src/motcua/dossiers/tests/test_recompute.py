"""A calendar edit moves no stored due date by itself; the explicit recompute does, and records it."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from freezegun import freeze_time

from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.models import Dossier
from motcua.organizations.models import ServiceCentre
from motcua.workdays import services as calendar_services
from motcua.workdays.models import WorkCalendar

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))


def test_calendar_edit_then_explicit_recompute():
    counter = get_user_model().objects.get(username="motcua.tanninh")
    centre = ServiceCentre.objects.get(code="000.01.51.H53")
    version = Procedure.objects.get(base_code="1.001193").current_version  # 1 working day
    with freeze_time(dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)):  # Monday
        dossier = services.receive(actor=counter, procedure_version=version, receiving_centre=centre,
                                   deciding_agency=centre.agency, applicant={"name": "Võ Văn Em"},
                                   components=[{"name": "Tờ khai"}])
    assert dossier.due_at.astimezone(TZ).date() == dt.date(2026, 3, 10)
    calendar_services.set_calendar_day(actor=None, calendar=WorkCalendar.objects.get(code="VN"),
                                       date=dt.date(2026, 3, 10), kind="day_off", name="Nghỉ đột xuất",
                                       source="Thông báo thử nghiệm")
    dossier.refresh_from_db()
    assert dossier.due_at.astimezone(TZ).date() == dt.date(2026, 3, 10)  # unchanged by the edit
    out = StringIO()
    call_command("recompute_due", "--calendar", "VN", "--dry-run", stdout=out)
    assert dossier.code in out.getvalue()
    assert Dossier.objects.get(pk=dossier.pk).due_at == dossier.due_at
    call_command("recompute_due", "--calendar", "VN", stdout=StringIO())
    dossier.refresh_from_db()
    assert dossier.due_at.astimezone(TZ).date() == dt.date(2026, 3, 11)
    event = dossier.events.get(kind="due_recomputed")
    assert event.payload["previous_due_at"].startswith("2026-03-10")
    assert verify_dossier(dossier) == []
    call_command("recompute_due", "--calendar", "VN", stdout=StringIO())
    assert dossier.events.filter(kind="due_recomputed").count() == 1  # nothing more to change
