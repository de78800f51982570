"""The calendars dossiers use are kept per process (dossiers/calendars.py): an edit counts at once, a
rolled-back edit never, and what another process changed counts within generations.TIMEOUT."""

import datetime as dt

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils import timezone

from motcua.core import generations
from motcua.dossiers import calendars
from motcua.workdays import services
from motcua.workdays.models import CalendarDay, WorkCalendar
from motcua.workdays.selectors import engine_calendar

pytestmark = pytest.mark.django_db


def weekday_after(day: dt.date) -> dt.date:
    day += dt.timedelta(days=30)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def day_off(day: dt.date, source: str) -> None:
    services.set_calendar_day(actor=None, calendar=WorkCalendar.objects.get(code="VN"), date=day,
                              kind=CalendarDay.Kind.DAY_OFF, name="Nghỉ bù", source=source)


def test_a_rolled_back_edit_is_never_used_nor_brought_back_by_its_revision_number():
    first = weekday_after(timezone.localdate())
    second = weekday_after(first)
    with pytest.raises(RuntimeError), transaction.atomic():
        day_off(first, "QĐ thử (hủy)")
        assert not calendars.calendar("VN").is_working_day(first)  # the transaction sees its own edit
        raise RuntimeError("rolled back")
    assert calendars.calendar("VN").is_working_day(first)
    day_off(second, "QĐ thử")  # the revision number the rolled-back edit had used
    for built in (calendars.calendar("VN"), engine_calendar("VN")):
        assert built.is_working_day(first) and not built.is_working_day(second)


def test_an_edit_made_by_another_process_counts_within_the_timeout(monkeypatch):
    day = weekday_after(timezone.localdate())
    assert calendars.calendar("VN").is_working_day(day)
    with monkeypatch.context() as patch:  # another process, with a cache of its own
        patch.setattr(generations, "cache", LocMemCache("another-process", {}))
        day_off(day, "QĐ thử")
    assert not engine_calendar("VN").is_working_day(day)  # (its revisions are read every time)
    later = calendars.monotonic() + generations.TIMEOUT
    monkeypatch.setattr(calendars, "monotonic", lambda: later)
    assert not calendars.calendar("VN").is_working_day(day)
