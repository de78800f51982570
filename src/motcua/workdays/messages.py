"""Translated messages for the engine's errors. The engine (pure Python) names the argument and the
technical detail; this adds a sentence in the user's language."""

from django.utils.translation import gettext as _

from . import errors
from .parsing import InstantSyntaxError
from .selectors import UnknownCalendarError


def _texts():
    # Most specific first: the classes share a base.
    return [
        (errors.DurationSyntaxError, _("The duration is not valid: write for example 5wd (working days), 16wh "
                                       "(working hours), 30d (calendar days), 1mo (months) or same_day.")),
        (InstantSyntaxError, _("The date and time cannot be read: write for example 2025-01-24T09:00 or "
                               "2025-01-24T09:00+07:00.")),
        (errors.NaiveDatetimeError, _("The date and time must carry a time zone.")),
        (errors.OutOfCalendarRangeError, _("The date lies outside the years the working-day calendar covers.")),
        (errors.PauseError, _("The pause is not valid: each pause is START/END, ends after it starts and does "
                              "not overlap another pause.")),
        (errors.CutoffError, _("The cut-off time is not valid: write HH:MM, for example 15:00.")),
        (UnknownCalendarError, _("No working-day calendar has this code.")),
        (errors.CalendarConfigError, _("The working-day calendar is not consistent.")),
        (errors.WorkdaysError, _("The value is not valid.")),
    ]


def describe(error: errors.WorkdaysError) -> str:
    """'ARGUMENT: translated sentence (engine detail)'."""
    sentence = next(text for cls, text in _texts() if isinstance(error, cls))
    detail = str(error).removeprefix(f"{error.argument}: ")
    return f"{error.argument}: {sentence} ({detail})"
