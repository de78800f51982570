import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.models import AuditEvent
from motcua.organizations.models import AdministrativeUnit
from motcua.workdays import services
from motcua.workdays.models import CalendarDay, WorkCalendar
from motcua.workdays.selectors import engine_calendar

pytestmark = pytest.mark.django_db
User = get_user_model()
TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def admin_user():
    return User.objects.get(username="quantri")


def test_seeding_twice_adds_nothing_and_keeps_edits(admin_user):
    national = WorkCalendar.objects.get(code="VN")
    services.set_calendar_day(actor=admin_user, calendar=national, date=dt.date(2026, 11, 24), kind="working_day",
                              name="Ngày làm việc (chưa áp dụng ngày nghỉ Văn hóa)", source="Quyết định của tỉnh")
    assert services.seed_national_calendar()["days_added"] == 0
    assert CalendarDay.objects.get(calendar=national, date=dt.date(2026, 11, 24)).kind == "working_day"


def test_an_edit_changes_deadlines_computed_afterwards_and_is_recorded(admin_user):
    national = WorkCalendar.objects.get(code="VN")
    received = dt.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)  # Monday
    before = engine_calendar("VN").due(received, "1wd").due_at
    services.set_calendar_day(actor=admin_user, calendar=national, date=dt.date(2026, 3, 10), kind="day_off",
                              name="Nghỉ bù", source="Thông báo thử nghiệm")
    after = engine_calendar("VN").due(received, "1wd").due_at
    assert (before.date(), after.date()) == (dt.date(2026, 3, 10), dt.date(2026, 3, 11))
    event = AuditEvent.objects.filter(kind="workdays.calendar_day_set").latest("id")
    assert event.actor == admin_user and event.payload["date"] == "2026-03-10"


def test_province_calendar_overrides_the_national_one(admin_user):
    national = WorkCalendar.objects.get(code="VN")
    tay_ninh = AdministrativeUnit.objects.get(code="80", valid_to__isnull=True)
    province = services.create_override_calendar(actor=admin_user, code="VN-80", name="Tây Ninh", parent=national,
                                                 administrative_unit=tay_ninh)
    services.set_office_hours(actor=admin_user, calendar=province, weekday=5,
                              sessions=[(dt.time(7, 30), dt.time(11, 30))])
    services.set_calendar_day(actor=admin_user, calendar=province, date=dt.date(2026, 4, 30), kind="working_day",
                              name="Thử nghiệm", source="Thử nghiệm")
    engine = engine_calendar("VN-80")
    assert engine.is_working_day(dt.date(2026, 3, 14))  # a Saturday morning
    assert engine.is_working_day(dt.date(2026, 4, 30))
    assert engine.is_working_day(dt.date(2026, 3, 13))  # weekdays kept from the national pattern
    assert not engine.is_working_day(dt.date(2026, 5, 1))  # national holiday inherited
    assert not engine_calendar("VN").is_working_day(dt.date(2026, 3, 14))


def test_only_system_administrators_edit_calendars():
    national = WorkCalendar.objects.get(code="VN")
    with pytest.raises(PermissionDenied):
        services.set_calendar_day(actor=User.objects.get(username="lanhdao"), calendar=national,
                                  date=dt.date(2026, 3, 10), kind="day_off", name="x", source="y")


def test_bad_calendar_day_names_fields(admin_user):
    national = WorkCalendar.objects.get(code="VN")
    with pytest.raises(ValidationError) as error:
        services.set_calendar_day(actor=admin_user, calendar=national, date=dt.date(2035, 1, 1), kind="day_off",
                                  name=" ", source="")
    assert set(error.value.message_dict) == {"date", "name", "source"}


def test_overlapping_office_sessions_are_refused(admin_user):
    national = WorkCalendar.objects.get(code="VN")
    with pytest.raises(ValidationError) as error:
        services.set_office_hours(actor=admin_user, calendar=national, weekday=0,
                                  sessions=[(dt.time(7, 30), dt.time(12, 0)), (dt.time(11, 0), dt.time(17, 0))])
    assert "sessions" in error.value.message_dict
    assert national.sessions.filter(weekday=0).count() == 2
