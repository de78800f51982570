"""The deadline watch: flags dossiers whose step or total due instant is near or past, and raises one
warning per dossier, deadline and threshold for whoever listens (the notifications app tells the assignee).

Run every 15 minutes by Celery beat (``dossiers.tasks.watch_deadlines``) or once by
``motcua watch_deadlines``. Idempotent: a second run at the same instant changes nothing, and its
warnings are the same ones, which listeners recognise (notifications keeps one per dossier × deadline ×
threshold × recipient × channel).

``Dossier.deadline_flag`` is derived state, recomputed here from ``due_at`` / ``step_due_at`` and the
working-day calendar. It is therefore written with queryset updates, NOT through the services and their
event chain: it records no action, bumps no version (so an officer's open page is not "changed
meanwhile") and can always be rebuilt by running the watch again.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.workdays.durations import WORKING_DAYS, WORKING_HOURS, parse_duration
from motcua.workdays.engine import HOUR_US
from motcua.workdays.errors import WorkdaysError
from motcua.workdays.selectors import engine_calendar

from . import states
from .models import Dossier

logger = logging.getLogger(__name__)

DUE_SOON = "due_soon"
OVERDUE = "overdue"
NOT_FLAGGED = ""
_RANK = {NOT_FLAGGED: 0, DUE_SOON: 1, OVERDUE: 2}

STEP = "step"  # the current step's due instant (step_due_at)
TOTAL = "total"  # the dossier's due instant, the appointment given to the applicant (due_at)

# Sent once per batch, after the batch's flags are written and inside the same transaction, with
# ``warnings``: a list of DeadlineWarning, and ``now``: the instant the run judged against.
deadline_warnings = Signal()


@dataclass(frozen=True)
class DeadlineWarning:
    dossier_id: int
    deadline: str  # STEP or TOTAL
    due_at: dt.datetime
    threshold: str  # "overdue", or the threshold crossed ("4wh", "1wd")
    remaining_microseconds: int | None  # office time left; None once overdue
    assignee_id: int | None


@dataclass(frozen=True)
class Threshold:
    """'Warn when at most this much working time is left': N working hours or N working days (whole
    working days stepped like an ``Nwd`` deadline, so "1wd" holds from the same clock time on the
    previous working day)."""

    text: str
    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> "Threshold":
        duration = parse_duration(text, "MOTCUA_DEADLINE_THRESHOLDS")
        if duration.unit not in (WORKING_DAYS, WORKING_HOURS):
            raise ValueError(_("A deadline warning threshold is a number of working days or working hours "
                               "(such as 1wd or 4wh), not %(text)s.") % {"text": text})
        return cls(f"{duration.amount}{duration.unit}", duration.amount, duration.unit)

    @property
    def order(self) -> int:
        # Only to tell which threshold is the tighter one; a working day is taken as 8 office hours here.
        return self.amount * HOUR_US * (8 if self.unit == WORKING_DAYS else 1)

    def reached(self, remaining) -> bool:
        if self.unit == WORKING_HOURS:
            return remaining.microseconds <= self.amount * HOUR_US
        return (remaining.days, remaining.remainder_microseconds) <= (self.amount, 0)


def configured_thresholds() -> list[Threshold]:
    return sorted((Threshold.parse(t) for t in settings.MOTCUA_DEADLINE_THRESHOLDS), key=lambda t: t.order)


@dataclass
class WatchResult:
    examined: int = 0
    batches: int = 0
    changed: int = 0
    due_soon: int = 0
    overdue: int = 0
    warnings: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"examined": self.examined, "batches": self.batches, "changed": self.changed,
                "due_soon": self.due_soon, "overdue": self.overdue, "warnings": self.warnings,
                "errors": self.errors}


def assess(row: dict, *, now: dt.datetime, calendar, thresholds: list[Threshold]
           ) -> tuple[str, list[DeadlineWarning]]:
    """The flag of one dossier (a dict of the fields the watch reads) and its warnings. Only dossiers being
    worked on are flagged: while the applicant is to act (supplementation, payment) the clock is not the
    agency's, and a decided or closed dossier has nothing left to be late for."""
    if row["status"] not in states.OPEN_FOR_WORK:
        return NOT_FLAGGED, []
    flag, warnings = NOT_FLAGGED, []
    for deadline, due in ((STEP, row["step_due_at"]), (TOTAL, row["due_at"])):
        if due is None:
            continue
        if now > due:
            flag = OVERDUE
            warnings.append(DeadlineWarning(row["pk"], deadline, due, OVERDUE, None, row["assignee_id"]))
            continue
        if calendar is None:
            continue
        try:
            remaining = calendar.working_time_between(now, due)
        except WorkdaysError:  # outside the calendar's years: too far away to be near
            continue
        reached = [t for t in thresholds if t.reached(remaining)]
        if reached:
            if _RANK[flag] < _RANK[DUE_SOON]:
                flag = DUE_SOON
            # Only the tightest threshold reached: a dossier first seen 2 hours before its due instant
            # gets the "4 working hours" warning, not that one and a belated "1 working day" one too.
            tightest = min(reached, key=lambda t: t.order)
            warnings.append(DeadlineWarning(row["pk"], deadline, due, tightest.text, remaining.microseconds,
                                            row["assignee_id"]))
    return flag, warnings


FIELDS = ("pk", "status", "due_at", "step_due_at", "calendar_code", "deadline_flag", "assignee_id")


def run(*, now: dt.datetime | None = None, batch_size: int | None = None,
        thresholds: list[Threshold] | None = None) -> WatchResult:
    """One pass over every dossier that is being worked on or still carries a flag, in primary-key order,
    ``batch_size`` at a time: one read, at most three updates and one signal per batch."""
    now = now or timezone.now()
    batch_size = batch_size or settings.MOTCUA_DEADLINE_WATCH_BATCH
    thresholds = configured_thresholds() if thresholds is None else thresholds
    candidates = Dossier.objects.filter(Q(status__in=states.OPEN_FOR_WORK) | ~Q(deadline_flag=NOT_FLAGGED))
    calendars: dict[str, object] = {}
    result = WatchResult()
    last_pk = 0
    while True:
        rows = list(candidates.filter(pk__gt=last_pk).order_by("pk").values(*FIELDS)[:batch_size])
        if not rows:
            return result
        last_pk = rows[-1]["pk"]
        result.batches += 1
        result.examined += len(rows)
        changes: dict[str, list[int]] = {}
        warnings: list[DeadlineWarning] = []
        for row in rows:
            flag, found = assess(row, now=now, calendar=_calendar(calendars, row["calendar_code"], result),
                                 thresholds=thresholds)
            result.due_soon += flag == DUE_SOON
            result.overdue += flag == OVERDUE
            warnings += found
            if flag != row["deadline_flag"]:
                changes.setdefault(flag, []).append(row["pk"])
        with transaction.atomic():
            for flag, pks in changes.items():
                updated = Dossier.objects.filter(pk__in=pks)
                if flag != NOT_FLAGGED:
                    # A dossier decided or paused since it was read is not flagged; the next run sees it anew.
                    updated = updated.filter(status__in=states.OPEN_FOR_WORK)
                result.changed += updated.update(deadline_flag=flag)
            if warnings:
                result.warnings += len(warnings)
                for receiver, response in deadline_warnings.send_robust(sender=Dossier, warnings=warnings, now=now):
                    if isinstance(response, Exception):
                        logger.error("deadline warning receiver %r failed", receiver, exc_info=response)
                        result.errors.append(f"{getattr(receiver, '__name__', receiver)}: {response}")


def _calendar(cache: dict, code: str, result: WatchResult):
    if code not in cache:
        try:
            cache[code] = engine_calendar(code)
        except WorkdaysError as exc:
            logger.warning("deadline watch: calendar %r: %s", code, exc)
            result.errors.append(f"{code}: {exc}")
            cache[code] = None
    return cache[code]
