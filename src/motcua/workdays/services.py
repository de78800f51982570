"""Writes for working-day calendars. Every edit bumps the calendar's revision (so cached engine calendars
are rebuilt) and is recorded. An edit applies to deadlines computed afterwards; due dates already stored
on dossiers change only through an explicit, recorded recompute."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from motcua.core import generations
from motcua.core.events import record_event
from motcua.organizations.selectors import scope_for

from .models import CalendarDay, OfficeSession, WorkCalendar
from .selectors import CALENDARS_GENERATION

NATIONAL_CODE = "VN"
SEED_YEARS = range(2020, 2031)
DEFAULT_SESSIONS = [(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0))]


def _require_admin(actor) -> None:
    if actor is not None and not scope_for(actor).is_global_editor:
        raise PermissionDenied(_("Only a system administrator can change working-day calendars."))


def _bump(calendar: WorkCalendar) -> None:
    WorkCalendar.objects.filter(pk=calendar.pk).update(revision=F("revision") + 1)
    generations.changed(CALENDARS_GENERATION)  # an UPDATE sends no signal


@transaction.atomic
def seed_national_calendar(*, actor=None) -> dict:
    """Creates the national calendar with 2020–2030 from the seed data. Days already present (possibly
    edited by an administrator) are kept as they are."""
    from .seed_data import holiday_entries

    _require_admin(actor)
    calendar, created = WorkCalendar.objects.get_or_create(
        code=NATIONAL_CODE,
        defaults={"name": "Lịch làm việc quốc gia (cán bộ, công chức)", "first_day": dt.date(2020, 1, 1),
                  "last_day": dt.date(2030, 12, 31)},
    )
    sessions_added = not calendar.sessions.exists()
    if sessions_added:
        OfficeSession.objects.bulk_create([
            OfficeSession(calendar=calendar, weekday=weekday, opens_at=opens, closes_at=closes)
            for weekday in range(5) for opens, closes in DEFAULT_SESSIONS
        ])
    present = set(calendar.days.values_list("date", flat=True))
    merged: dict[dt.date, dict] = {}
    for entry in holiday_entries(SEED_YEARS):
        if entry.date in present:
            continue
        if entry.date in merged:
            if entry.name not in merged[entry.date]["name"]:
                merged[entry.date]["name"] += f"; {entry.name}"
            continue
        merged[entry.date] = {"kind": entry.kind, "name": entry.name, "source": entry.source}
    CalendarDay.objects.bulk_create([
        CalendarDay(calendar=calendar, date=day, kind=v["kind"], name=v["name"][:255], source=v["source"][:500])
        for day, v in sorted(merged.items())
    ])
    if merged or created or sessions_added:
        _bump(calendar)
        record_event(actor=actor, kind="workdays.calendar_seeded", subject=calendar,
                     payload={"days_added": len(merged)})
    return {"calendar": calendar, "created": created, "days_added": len(merged)}


@transaction.atomic
def create_override_calendar(*, actor, code: str, name: str, parent: WorkCalendar, administrative_unit=None
                             ) -> WorkCalendar:
    _require_admin(actor)
    calendar = WorkCalendar(code=code, name=name, parent=parent, administrative_unit=administrative_unit,
                            first_day=parent.first_day, last_day=parent.last_day)
    calendar.full_clean()
    calendar.save()
    # The override owns a full weekly pattern from the start, so that changing one weekday later
    # never leaves the others empty.
    OfficeSession.objects.bulk_create([
        OfficeSession(calendar=calendar, weekday=s.weekday, opens_at=s.opens_at, closes_at=s.closes_at)
        for s in OfficeSession.objects.filter(calendar=parent)
    ])
    record_event(actor=actor, kind="workdays.calendar_created", subject=calendar, payload={"parent": parent.code})
    return calendar


@transaction.atomic
def set_calendar_day(*, actor, calendar: WorkCalendar, date: dt.date, kind: str, name: str, source: str
                     ) -> CalendarDay:
    _require_admin(actor)
    calendar = WorkCalendar.objects.select_for_update().get(pk=calendar.pk)
    errors = {}
    if not calendar.first_day <= date <= calendar.last_day:
        errors["date"] = _("The date must lie within the calendar (%(first)s – %(last)s).") % {
            "first": calendar.first_day.strftime("%d/%m/%Y"), "last": calendar.last_day.strftime("%d/%m/%Y")}
    if not name.strip():
        errors["name"] = _("Give the day a name, for example “Nghỉ Tết Nguyên đán”.")
    if not source.strip():
        errors["source"] = _("Name the document this day comes from.")
    if errors:
        raise ValidationError(errors)
    day = CalendarDay.objects.filter(calendar=calendar, date=date).first()
    before = {"kind": day.kind, "name": day.name, "source": day.source} if day else None
    day = day or CalendarDay(calendar=calendar, date=date)
    day.kind, day.name, day.source = kind, name.strip(), source.strip()
    day.full_clean()
    day.save()
    _bump(calendar)
    record_event(actor=actor, kind="workdays.calendar_day_set", subject=calendar,
                 payload={"date": date.isoformat(), "before": before,
                          "after": {"kind": kind, "name": day.name, "source": day.source}})
    return day


@transaction.atomic
def remove_calendar_day(*, actor, calendar: WorkCalendar, date: dt.date) -> None:
    _require_admin(actor)
    day = CalendarDay.objects.select_for_update().filter(calendar=calendar, date=date).first()
    if day is None:
        raise ValidationError({"date": _("The calendar has no entry on this date.")})
    before = {"kind": day.kind, "name": day.name, "source": day.source}
    day.delete()
    _bump(calendar)
    record_event(actor=actor, kind="workdays.calendar_day_removed", subject=calendar,
                 payload={"date": date.isoformat(), "before": before})


@transaction.atomic
def set_office_hours(*, actor, calendar: WorkCalendar, weekday: int, sessions: list[tuple[dt.time, dt.time]]
                     ) -> None:
    """Replaces the office sessions of one weekday; an empty list makes it a day off every week."""
    _require_admin(actor)
    ordered = sorted(sessions)
    for (opens, closes), following in zip(ordered, [*ordered[1:], None], strict=True):
        if closes <= opens:
            raise ValidationError({"sessions": _("A session must close after it opens.")})
        if following and following[0] < closes:
            raise ValidationError({"sessions": _("Office sessions of one day must not overlap.")})
    before = list(calendar.sessions.filter(weekday=weekday).values_list("opens_at", "closes_at"))
    calendar.sessions.filter(weekday=weekday).delete()
    OfficeSession.objects.bulk_create([
        OfficeSession(calendar=calendar, weekday=weekday, opens_at=opens, closes_at=closes) for opens, closes in ordered
    ])
    _bump(calendar)
    record_event(actor=actor, kind="workdays.office_hours_set", subject=calendar, payload={
        "weekday": weekday,
        "before": [[o.isoformat("minutes"), c.isoformat("minutes")] for o, c in before],
        "after": [[o.isoformat("minutes"), c.isoformat("minutes")] for o, c in ordered]})


@transaction.atomic
def touch_calendar(*, actor, calendar: WorkCalendar, what: str) -> None:
    """Records an edit made through an admin inline and makes processes rebuild the engine calendar."""
    _require_admin(actor)
    _bump(calendar)
    record_event(actor=actor, kind="workdays.calendar_edited", subject=calendar, payload={"what": what})
