"""The engine calendars dossiers need, kept in each process while no calendar changes.

``workdays.selectors.engine_calendar`` checks the revisions of a calendar's chain with the ORM on every
call, which costs more than the deadline itself. Here the built calendar is kept while the generation
"calendars" (core/generations.py) is unchanged: every edit of a calendar, day or office session replaces
it, so an edited holiday still counts at once, and the calendar is built by the workdays app. A kept
calendar is also built again after ``generations.TIMEOUT``: what another process changed through an
in-process cache, or without a signal, is seen within that time.
"""

from time import monotonic

from motcua.core import generations
from motcua.workdays.selectors import CALENDARS_GENERATION, engine_calendar

_calendars: dict[str, tuple[str, float, object]] = {}


def calendar(code: str):
    """The engine calendar ``code`` (``UnknownCalendarError`` for an unknown code, as the workdays app)."""
    if not generations.usable(CALENDARS_GENERATION):
        return engine_calendar(code)  # this transaction edited a calendar: its own view, kept nowhere
    token, now = generations.current(CALENDARS_GENERATION), monotonic()
    cached = _calendars.get(code)
    if cached is not None and cached[0] == token and now - cached[1] < generations.TIMEOUT:
        return cached[2]
    built = engine_calendar(code)
    _calendars[code] = (token, now, built)
    return built
