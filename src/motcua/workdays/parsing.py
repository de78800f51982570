"""Reading instants and pauses typed by people (CLI arguments, form fields). Pure module, no Django.

An instant without a UTC offset is read as local time in the calendar's zone (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from .errors import PauseError, WorkdaysError


class InstantSyntaxError(WorkdaysError):
    """An instant could not be read."""


def parse_instant(text: str, argument: str, tz: tzinfo) -> datetime:
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        raise InstantSyntaxError(
            argument, f"cannot read {text!r} as an instant; write e.g. 2025-01-24T09:00 or 2025-01-24T09:00+07:00"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def parse_pause(text: str, argument: str, tz: tzinfo) -> tuple[datetime, datetime]:
    start, separator, end = text.partition("/")
    if not separator or not start.strip() or not end.strip():
        raise PauseError(argument, f"write a pause as START/END, e.g. 2025-02-03T08:00/2025-02-05T10:00; got {text!r}")
    return parse_instant(start, argument, tz), parse_instant(end, argument, tz)
