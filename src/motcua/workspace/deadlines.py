"""How much time a dossier has left, as a colour class AND words (never colour alone, WCAG 1.4.1).

The span is counted in office time of the centre's working-day calendar, the same engine as the due
dates: "còn 2 ngày làm việc", "còn 3 giờ làm việc", "quá hạn 1 ngày làm việc"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.dossiers import states
from motcua.workdays.errors import WorkdaysError

CLOCK_RUNNING = {states.Status.RECEIVED, states.Status.PROCESSING, states.Status.FINANCIAL_OBLIGATION}


@dataclass(frozen=True)
class TimeLeft:
    css: str  # overdue, due-soon, on-time, paused, done, none
    text: str


def _span(days: int, seconds: int) -> str:
    if days:
        return ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days}
    hours = seconds // 3600
    if hours:
        return ngettext("%(n)d working hour", "%(n)d working hours", hours) % {"n": hours}
    minutes = max(1, seconds // 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def time_left(dossier, *, now: dt.datetime, soon: dt.datetime, calendar) -> TimeLeft:
    """``soon``: the end of the "due soon" window (one working day from now)."""
    status = dossier.status
    if status == states.Status.SUPPLEMENTATION:
        return TimeLeft("paused", _("Clock paused: waiting for the applicant"))
    if status == states.Status.DECIDED:
        return TimeLeft("done", _("Result ready to return"))
    if status not in CLOCK_RUNNING or dossier.due_at is None:
        return TimeLeft("none", "—")
    try:
        if dossier.due_at < now:
            late = calendar.working_time_between(dossier.due_at, now)
            return TimeLeft("overdue", _("Overdue by %(span)s") % {
                "span": _span(late.days, late.remainder_microseconds // 1_000_000)})
        left = calendar.working_time_between(now, dossier.due_at)
    except WorkdaysError:
        return TimeLeft("none", "—")
    words = _("%(span)s left") % {"span": _span(left.days, left.remainder_microseconds // 1_000_000)}
    return TimeLeft("due-soon" if dossier.due_at <= soon else "on-time", words)
