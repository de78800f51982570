"""Exceptions raised by the working-day engine.

Every exception names the argument that caused it (``exc.argument``) and says so in its message, so a CLI
or a form can point at the offending field.  All of them are ``ValueError`` subclasses.
"""

from __future__ import annotations

__all__ = [
    "WorkdaysError",
    "DurationSyntaxError",
    "NaiveDatetimeError",
    "OutOfCalendarRangeError",
    "PauseError",
    "CutoffError",
    "CalendarConfigError",
]


class WorkdaysError(ValueError):
    """Base class: a bad input to the working-day engine."""

    def __init__(self, argument: str, message: str):
        self.argument = argument
        super().__init__(f"{argument}: {message}")


class DurationSyntaxError(WorkdaysError):
    """A duration string such as ``"5wd"`` could not be parsed."""


class NaiveDatetimeError(WorkdaysError):
    """A datetime without tzinfo (or without a UTC offset) was given; the engine only takes aware ones."""


class OutOfCalendarRangeError(WorkdaysError):
    """An instant (given, or computed as a due instant) lies outside the calendar's date range."""


class PauseError(WorkdaysError):
    """A pause interval is malformed: end before start, or overlapping another pause."""


class CutoffError(WorkdaysError):
    """A cut-off time of day is malformed."""


class CalendarConfigError(WorkdaysError):
    """The calendar definition is inconsistent (bad office hours, a date both off and working, ...)."""
