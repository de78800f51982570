"""The engine calendars dossiers need, kept in each process while no calendar changes.

``workdays.selectors.engine_calendar`` checks the revisions of a calendar's chain with the ORM on every
call, which costs more than the deadline itself. Here the built calendar is kept while the generation
"calendars" (core/generations.py) is unchanged: every edit of a calendar, day or office session replaces
it, so an edited holiday still counts at once, in every process, and the calendar is built by the
workdays app.
"""

from motcua.core import generations
from motcua.workdays.selectors import CALENDARS_GENERATION, engine_calendar

_calendars: dict[str, tuple[str, object]] = {}


def calendar(code: str):
    """The engine calendar ``code`` (``UnknownCalendarError`` for an unknown code, as the workdays app)."""
    token = generations.current(CALENDARS_GENERATION)
    cached = _calendars.get(code)
    if cached is not None and cached[0] == token:
        return cached[1]
    built = engine_calendar(code)
    _calendars[code] = (token, built)
    return built
