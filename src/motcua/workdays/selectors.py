"""Reads for working-day calendars, including the engine calendar built from the database.

The engine calendar is cached per process and rebuilt when a calendar's revision changes, so the CLI,
the pages and every deadline computed by services use the same tables: one code path.
"""

import threading

from django.utils.translation import gettext as _

from motcua.core import generations

from .engine import Calendar
from .errors import WorkdaysError
from .models import CalendarDay, OfficeSession, WorkCalendar

# The generation of the calendars (core/generations.py): replaced by every edit (apps.py, services._bump).
CALENDARS_GENERATION = "calendars"

_cache: dict[str, tuple[tuple, Calendar]] = {}
_lock = threading.Lock()


class UnknownCalendarError(WorkdaysError):
    pass


def _chain(code: str) -> list[WorkCalendar]:
    """The calendar and its ancestors, nearest first."""
    calendar = WorkCalendar.objects.select_related("parent__parent").filter(code=code).first()
    if calendar is None:
        raise UnknownCalendarError("calendar", _("No working-day calendar has the code %(code)s.") % {"code": code})
    chain = []
    while calendar is not None:
        chain.append(calendar)
        calendar = calendar.parent
    return chain


def engine_calendar(code: str) -> Calendar:
    chain = _chain(code)
    # The generation as well as the revisions: a rolled-back edit leaves a revision number that the next
    # edit reuses, never a generation token.
    key = (generations.current(CALENDARS_GENERATION), tuple((c.pk, c.revision) for c in chain))
    cached = _cache.get(code)
    if cached and cached[0] == key:
        return cached[1]
    with _lock:
        built = _build(chain)
        if generations.usable(CALENDARS_GENERATION):  # not built from an edit that may still roll back
            _cache[code] = (key, built)
    return built


def _build(chain: list[WorkCalendar]) -> Calendar:
    days_off, working_days = {}, {}
    ids = [c.pk for c in chain]
    # Farthest ancestor first, so that nearer calendars override its days.
    order = {pk: position for position, pk in enumerate(reversed(ids))}
    rows = sorted(CalendarDay.objects.filter(calendar_id__in=ids), key=lambda d: order[d.calendar_id])
    for day in rows:
        days_off.pop(day.date, None)
        working_days.pop(day.date, None)
        target = days_off if day.kind == CalendarDay.Kind.DAY_OFF else working_days
        target[day.date] = (day.name, day.source)
    weekly = None
    for calendar in chain:
        sessions = list(OfficeSession.objects.filter(calendar=calendar))
        if sessions:
            weekly = {weekday: [] for weekday in range(7)}
            for session in sessions:
                weekly[session.weekday].append((session.opens_at, session.closes_at))
            break
    own = chain[0]
    first = max(c.first_day for c in chain)
    last = min(c.last_day for c in chain)
    return Calendar(first, last, days_off=days_off, working_days=working_days, weekly=weekly,
                    code=own.code, name=own.name)


def calendars():
    return WorkCalendar.objects.select_related("parent").order_by("code")
