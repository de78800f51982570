"""The engine calendars dossiers need, kept per process while no calendar of their chain changes.

``workdays.selectors.engine_calendar`` rebuilds a calendar when the revision of a calendar in its chain
changes (every edit raises it); it reads the chain with the ORM, which costs more Python than the
deadline itself. Here the same (id, revision) chain is read by one light query on every call, so an
edited holiday still counts at once, in every process, and the calendar is built by the workdays app.
"""

from django.db import connection

from motcua.workdays.models import WorkCalendar
from motcua.workdays.selectors import engine_calendar

_calendars: dict[str, tuple[tuple, object]] = {}


def _chain(code: str) -> tuple:
    """(id, revision) of the calendar ``code`` and its ancestors, nearest first."""
    quote = connection.ops.quote_name
    table = quote(WorkCalendar._meta.db_table)
    pk, parent, revision, code_column = (quote(WorkCalendar._meta.get_field(name).column)
                                         for name in ("id", "parent", "revision", "code"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE chain (id, revision, parent, depth) AS ("
            f"SELECT {pk}, {revision}, {parent}, 0 FROM {table} WHERE {code_column} = %s "
            f"UNION ALL SELECT c.{pk}, c.{revision}, c.{parent}, chain.depth + 1 FROM {table} c "
            f"JOIN chain ON c.{pk} = chain.parent WHERE chain.depth < 20) "
            f"SELECT id, revision FROM chain ORDER BY depth", [code])
        return tuple(tuple(row) for row in cursor.fetchall())


def calendar(code: str):
    """The engine calendar ``code`` (``UnknownCalendarError`` for an unknown code, as the workdays app)."""
    key = _chain(code)
    cached = _calendars.get(code)
    if cached is not None and key and cached[0] == key:
        return cached[1]
    built = engine_calendar(code)
    _calendars[code] = (key, built)
    return built
