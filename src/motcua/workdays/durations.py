"""Legal durations ("thời hạn giải quyết") and their text syntax.

Syntax (case-insensitive, spaces allowed between number and unit)::

    5wd        5 working days            (ngày làm việc)
    16wh       16 working hours          (giờ làm việc)
    30d        30 calendar days          (ngày, Civil Code 2015 Art. 147-148)
    1mo        1 calendar month          (tháng, Civil Code 2015 Art. 147-148)
    same_day   within the working day    (trong ngày; alias: trong_ngay, "trong ngày")

The amount is a whole number from 1 to 9999.  ``0wd`` and other zero amounts are rejected: write
``same_day`` for "trong ngày".  See docs/workdays.md for what each unit means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import DurationSyntaxError

__all__ = [
    "WORKING_DAYS",
    "WORKING_HOURS",
    "CALENDAR_DAYS",
    "MONTHS",
    "SAME_DAY",
    "UNITS",
    "Duration",
    "parse_duration",
]

WORKING_DAYS = "wd"
WORKING_HOURS = "wh"
CALENDAR_DAYS = "d"
MONTHS = "mo"
SAME_DAY = "same_day"
UNITS = (WORKING_DAYS, WORKING_HOURS, CALENDAR_DAYS, MONTHS, SAME_DAY)

MAX_AMOUNT = 9999

_UNIT_LABELS_VI = {
    WORKING_DAYS: "ngày làm việc",
    WORKING_HOURS: "giờ làm việc",
    CALENDAR_DAYS: "ngày",
    MONTHS: "tháng",
}

_RE = re.compile(r"^\s*(\d+)\s*(wd|wh|d|mo)\s*$", re.IGNORECASE)
_SAME_DAY_TOKENS = {"same_day", "trong_ngay", "trong ngày", "trong_ngày", "trong ngay"}
_EXPECTED = "expected e.g. '5wd', '16wh', '30d', '1mo' or 'same_day'"


@dataclass(frozen=True, slots=True)
class Duration:
    """An amount of a unit.  ``unit`` is one of :data:`UNITS`; ``amount`` is 1 for ``same_day``."""

    amount: int
    unit: str

    def __post_init__(self):
        if self.unit not in UNITS:
            raise DurationSyntaxError("duration", f"unknown unit {self.unit!r}; {_EXPECTED}")
        if type(self.amount) is not int:
            raise DurationSyntaxError("duration", f"amount must be an int, got {self.amount!r}")
        if self.unit == SAME_DAY:
            if self.amount != 1:
                raise DurationSyntaxError("duration", "same_day takes no amount")
        elif not 1 <= self.amount <= MAX_AMOUNT:
            raise DurationSyntaxError(
                "duration",
                f"amount must be between 1 and {MAX_AMOUNT}, got {self.amount}"
                + ("; write 'same_day' for 'trong ngày'" if self.amount == 0 else ""),
            )

    @classmethod
    def parse(cls, text: str | Duration, argument: str = "duration") -> Duration:
        """Parse ``text``; a :class:`Duration` is returned unchanged.  Errors name ``argument``."""
        return parse_duration(text, argument)

    def __str__(self) -> str:
        return SAME_DAY if self.unit == SAME_DAY else f"{self.amount}{self.unit}"

    def label_vi(self) -> str:
        """Vietnamese wording for an officer, e.g. ``"5 ngày làm việc"``."""
        if self.unit == SAME_DAY:
            return "trong ngày làm việc"
        return f"{self.amount} {_UNIT_LABELS_VI[self.unit]}"


_CACHE: dict[str, Duration] = {}


def parse_duration(text: str | Duration, argument: str = "duration") -> Duration:
    """Parse a duration string (see module docstring).  Raises :class:`DurationSyntaxError` naming
    ``argument`` for anything else."""
    if type(text) is str:
        cached = _CACHE.get(text)
        if cached is not None:
            return cached
    elif isinstance(text, Duration):
        return text
    else:
        raise DurationSyntaxError(argument, f"expected a string, got {type(text).__name__}; {_EXPECTED}")
    if text.strip().lower() in _SAME_DAY_TOKENS:
        result = Duration(1, SAME_DAY)
    else:
        m = _RE.match(text)
        if m is None:
            raise DurationSyntaxError(argument, f"cannot parse {text!r}; {_EXPECTED}")
        amount = int(m.group(1))
        try:
            result = Duration(amount, m.group(2).lower())
        except DurationSyntaxError as exc:
            raise DurationSyntaxError(argument, f"{text!r}: {str(exc).split(': ', 1)[1]}") from None
    if len(_CACHE) < 4096:
        _CACHE[text] = result
    return result
