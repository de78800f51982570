"""Working-day engine: office calendars, deadlines ("hạn giải quyết") and working time.

Pure Python (+ numpy for the batch API); no Django.  The exact counting rules are written down in
docs/workdays.md; the short version:

* Instants are aware datetimes.  Inside, the engine works in whole microseconds of *local* time on a
  fixed UTC offset (Vietnam: +07:00, no DST since 1975; the calendar checks the offset is fixed over
  its range), counted from local midnight of the calendar's first day.
* A receipt is first *normalised*: inside office hours it stays; before opening / during the lunch
  break it moves to the next opening of that day; after closing, on a day off, or after the cut-off it
  moves to the opening of the next working day.
* ``Nwd``: N working days later at the same clock time.  If that clock time is not inside office
  hours on the target day, the due instant is the end of the last session that started before it; a
  due instant that would fall exactly on an opening (or before the first opening) is reported as the
  closing of the previous session / previous working day.  So "received after hours, 1wd" is the
  close of the next working day.
* ``Nwh``: N hours of office time after the normalised start (the earliest such instant, so an exact
  fill of a session ends at its closing).
* ``Nd`` / ``Nmo``: Civil Code 2015 Art. 147-148 on the day the dossier is deemed received (the
  normalised start's date): that day is not counted, the period ends at the end (23:59:59.999999) of
  its last day, moved to the next working day if that day is not a working day.
* ``same_day``: the closing of the normalised start's working day.
* Pauses (supplementation requests) extend a deadline by the office time they cover.
"""

from __future__ import annotations

import bisect
import calendar as _pycalendar
import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import numpy as np

from .durations import (
    CALENDAR_DAYS,
    MONTHS,
    SAME_DAY,
    WORKING_DAYS,
    WORKING_HOURS,
    Duration,
    parse_duration,
)
from .errors import (
    CalendarConfigError,
    CutoffError,
    NaiveDatetimeError,
    OutOfCalendarRangeError,
    PauseError,
    WorkdaysError,
)

__all__ = [
    "DAY_US",
    "HOUR_US",
    "DEFAULT_WEEKLY",
    "DEFAULT_TZ",
    "WEEKDAY_NAMES_VI",
    "Calendar",
    "DayInfo",
    "DueResult",
    "ChainResult",
    "WorkingTime",
    "default_calendar",
    "due",
    "due_chain",
    "working_time_between",
    "due_working_days_batch",
    "classify",
]

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
_SEC_US = 1_000_000
_EPOCH_ORD = date(1970, 1, 1).toordinal()
_END_OF_DAY = DAY_US - 1  # 23:59:59.999999

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
_STD = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
#: Monday-Friday 07:30-11:30 and 13:30-17:00; Saturday and Sunday closed.
DEFAULT_WEEKLY: dict[int, tuple[tuple[time, time], ...]] = {0: _STD, 1: _STD, 2: _STD, 3: _STD, 4: _STD, 5: (), 6: ()}

WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKLY_REST_SOURCE = "Lịch làm việc hằng tuần của cơ quan"

# start-normalisation reasons (codes are stable; texts are for officers)
START_REASONS_VI = {
    None: "Tiếp nhận trong giờ làm việc",
    "before_opening": "Tiếp nhận trước giờ mở cửa: tính từ giờ mở cửa",
    "between_sessions": "Tiếp nhận trong giờ nghỉ trưa: tính từ đầu buổi làm việc tiếp theo",
    "after_closing": "Tiếp nhận sau giờ làm việc: tính từ đầu ngày làm việc tiếp theo",
    "day_off": "Tiếp nhận vào ngày nghỉ: tính từ đầu ngày làm việc tiếp theo",
    "after_cutoff": "Tiếp nhận sau giờ chốt nhận hồ sơ: tính từ đầu ngày làm việc tiếp theo",
}


class DayInfo:
    """A date with why it is (not) a working day: ``name`` and ``source`` (a legal document, the
    weekly pattern, or a package version)."""

    __slots__ = ("date", "working", "name", "source")

    def __init__(self, d: date, working: bool, name: str, source: str):
        self.date = d
        self.working = working
        self.name = name
        self.source = source

    def __repr__(self) -> str:
        return f"DayInfo({self.date.isoformat()}, working={self.working}, name={self.name!r}, source={self.source!r})"

    def __eq__(self, other):
        if not isinstance(other, DayInfo):
            return NotImplemented
        return (self.date, self.working, self.name, self.source) == (
            other.date,
            other.working,
            other.name,
            other.source,
        )

    def __hash__(self):
        return hash((self.date, self.working, self.name, self.source))

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat(), "name": self.name, "source": self.source}


# --------------------------------------------------------------------------------------------------
# helpers


def _us_of_time(t, argument: str) -> int:
    if isinstance(t, str):
        try:
            t = time.fromisoformat(t.strip())
        except ValueError:
            raise CalendarConfigError(argument, f"bad time {t!r}; expected HH:MM") from None
    if not isinstance(t, time):
        raise CalendarConfigError(argument, f"expected a datetime.time or 'HH:MM', got {t!r}")
    if t.tzinfo is not None:
        raise CalendarConfigError(argument, "office hours are local wall-clock times; drop tzinfo")
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _SEC_US + t.microsecond


def _sessions(intervals, argument: str) -> tuple[tuple[int, int], ...]:
    """Validate office-hour intervals -> sorted tuple of (open_us, close_us)."""
    if intervals is None:
        return ()
    out = []
    for j, pair in enumerate(intervals):
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise CalendarConfigError(f"{argument}[{j}]", f"expected an (open, close) pair, got {pair!r}") from None
        o = _us_of_time(a, f"{argument}[{j}]")
        c = _us_of_time(b, f"{argument}[{j}]")
        if c == 0 and o > 0:  # "24:00" written as time(0, 0)
            c = DAY_US
        if not o < c:
            raise CalendarConfigError(f"{argument}[{j}]", f"opening {a} is not before closing {b}")
        out.append((o, c))
    out.sort()
    for j in range(1, len(out)):
        if out[j][0] < out[j - 1][1]:
            raise CalendarConfigError(argument, "office-hour intervals overlap")
    return tuple(out)


def _reason(value, argument: str) -> tuple[str, str]:
    if isinstance(value, str):
        return (value, "")
    try:
        name, source = value
    except (TypeError, ValueError):
        raise CalendarConfigError(argument, f"expected (name, source), got {value!r}") from None
    return (str(name), str(source))


def _fmt_hm(us: int) -> str:
    s = us // _SEC_US
    if us == DAY_US - 1:
        return "24:00"
    return f"{s // 3600:02d}:{s // 60 % 60:02d}" + (f":{s % 60:02d}" if s % 60 else "")


def _parse_cutoff(cutoff) -> int | None:
    if cutoff is None:
        return None
    if isinstance(cutoff, str):
        try:
            cutoff = time.fromisoformat(cutoff.strip())
        except ValueError:
            raise CutoffError("cutoff", f"bad time {cutoff!r}; expected HH:MM") from None
    if not isinstance(cutoff, time) or cutoff.tzinfo is not None:
        raise CutoffError("cutoff", f"expected a naive datetime.time or 'HH:MM', got {cutoff!r}")
    return ((cutoff.hour * 60 + cutoff.minute) * 60 + cutoff.second) * _SEC_US + cutoff.microsecond


# --------------------------------------------------------------------------------------------------
# results


class DueResult:
    """Result of :meth:`Calendar.due`.

    Eager attributes: ``due_at`` (aware datetime, in the calendar's timezone), ``received_at`` (as
    given), ``duration`` (:class:`Duration`), ``start_reason`` (``None`` or one of ``"before_opening"``,
    ``"between_sessions"``, ``"after_closing"``, ``"day_off"``, ``"after_cutoff"``), ``pause_seconds``
    (office time added by pauses, float seconds).

    Lazy attributes (computed on first access, so they cost nothing on the fast path): ``start_at``
    (normalised start), ``start_note`` (Vietnamese sentence), ``skipped_days`` (tuple of
    :class:`DayInfo` for the non-working days that were not counted), ``due_date``.
    """

    __slots__ = (
        "_cal",
        "_recv_abs",
        "_start_abs",
        "_base_abs",
        "_due_abs",
        "due_at",
        "received_at",
        "duration",
        "start_reason",
        "_pause_us",
        "__dict__",
    )

    def __init__(self, cal, recv_abs, start_abs, base_abs, due_abs, due_at, received_at, duration, reason, pause_us):
        self._cal = cal
        self._recv_abs = recv_abs
        self._start_abs = start_abs
        self._base_abs = base_abs
        self._due_abs = due_abs
        self.due_at = due_at
        self.received_at = received_at
        self.duration = duration
        self.start_reason = reason
        self._pause_us = pause_us

    @property
    def pause_seconds(self) -> float:
        return self._pause_us / _SEC_US

    @functools.cached_property
    def start_at(self) -> datetime:
        return self._cal._dt(self._start_abs)

    @functools.cached_property
    def due_without_pauses(self) -> datetime:
        return self._cal._dt(self._base_abs)

    @property
    def due_date(self) -> date:
        return self.due_at.date()

    @functools.cached_property
    def start_note(self) -> str:
        note = START_REASONS_VI[self.start_reason]
        if self.start_reason == "day_off":
            info = self._cal._info_index(self._recv_abs // DAY_US)
            note += f" ({info.name})"
        return note

    @functools.cached_property
    def skipped_days(self) -> tuple[DayInfo, ...]:
        return self._cal._skipped(self._recv_abs, self._start_abs, self._base_abs, self._due_abs, self.duration)

    def explain(self) -> str:
        """A few lines of Vietnamese an officer can read back to the applicant."""
        cal = self._cal
        lines = [
            f"Tiếp nhận: {cal._fmt(self._recv_abs)}",
            f"Bắt đầu tính: {cal._fmt(self._start_abs)} — {self.start_note}",
            f"Thời hạn: {self.duration.label_vi()}",
        ]
        if self._pause_us:
            lines.append(
                f"Tạm dừng (yêu cầu bổ sung): cộng thêm {self._pause_us / HOUR_US:g} giờ làm việc; "
                f"hạn khi chưa tạm dừng {cal._fmt(self._base_abs)}"
            )
        for info in self.skipped_days:
            lines.append(f"Không tính {WEEKDAY_NAMES_VI[info.date.weekday()]} {info.date:%d/%m/%Y}: {info.name}"
                         + (f" ({info.source})" if info.source else ""))
        lines.append(f"Hạn giải quyết: {cal._fmt(self._due_abs)}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """JSON-ready dict (ISO 8601 instants with offset)."""
        return {
            "received_at": self.received_at.isoformat(),
            "duration": str(self.duration),
            "start_at": self.start_at.isoformat(),
            "start_reason": self.start_reason,
            "start_note": self.start_note,
            "due_at": self.due_at.isoformat(),
            "due_date": self.due_date.isoformat(),
            "due_without_pauses": self.due_without_pauses.isoformat(),
            "pause_seconds": self.pause_seconds,
            "skipped_days": [i.as_dict() for i in self.skipped_days],
        }

    def __repr__(self) -> str:
        return f"DueResult(due_at={self.due_at.isoformat()}, duration={self.duration}, start_reason={self.start_reason!r})"


class ChainResult:
    """Result of :meth:`Calendar.due_chain`: ``steps`` (one :class:`DueResult` per duration, each
    starting at the previous step's due instant) and ``due_at`` (the last step's due instant)."""

    __slots__ = ("steps", "due_at")

    def __init__(self, steps: tuple[DueResult, ...]):
        self.steps = steps
        self.due_at = steps[-1].due_at

    def as_dict(self) -> dict:
        return {"due_at": self.due_at.isoformat(), "steps": [s.as_dict() for s in self.steps]}

    def __repr__(self) -> str:
        return f"ChainResult(due_at={self.due_at.isoformat()}, steps={len(self.steps)})"


class WorkingTime:
    """Office time between two instants, pauses subtracted.

    ``microseconds`` / ``seconds``: the office time.  ``days`` + ``remainder_seconds``: the same span
    as whole working days (stepped exactly like ``Nwd`` deadlines, so ``working_time_between(r,
    due(r, "Nwd"))`` is ``N`` days and 0 seconds) plus the office time left over.
    """

    __slots__ = ("microseconds", "days", "remainder_microseconds", "pause_microseconds")

    def __init__(self, microseconds: int, days: int, remainder_microseconds: int, pause_microseconds: int):
        self.microseconds = microseconds
        self.days = days
        self.remainder_microseconds = remainder_microseconds
        self.pause_microseconds = pause_microseconds

    @property
    def seconds(self) -> float:
        return self.microseconds / _SEC_US

    @property
    def hours(self) -> float:
        return self.microseconds / HOUR_US

    @property
    def remainder_seconds(self) -> float:
        return self.remainder_microseconds / _SEC_US

    @property
    def pause_seconds(self) -> float:
        return self.pause_microseconds / _SEC_US

    def as_dict(self) -> dict:
        return {
            "seconds": self.seconds,
            "days": self.days,
            "remainder_seconds": self.remainder_seconds,
            "pause_seconds": self.pause_seconds,
        }

    def __repr__(self) -> str:
        return f"WorkingTime(seconds={self.seconds:g}, days={self.days}, remainder_seconds={self.remainder_seconds:g})"


# --------------------------------------------------------------------------------------------------
# the calendar


class Calendar:
    """An office calendar over ``first``..``last`` (inclusive).

    Parameters
    ----------
    first, last:
        the date range; every instant the engine reads or computes must fall inside it.
    days_off:
        ``{date: (name, source)}`` extra non-working days (holidays, compensatory days, swapped days).
    working_days:
        ``{date: (name, source)}`` extra working days (make-up Saturdays).  They get ``makeup_hours``.
    weekly:
        ``{weekday: [(open, close), ...]}`` with weekday 0 = Monday; ``time`` objects or ``"HH:MM"``.
        An empty list (or a missing weekday) means the weekday is not a working day.
    hours_overrides:
        ``{date: [(open, close), ...]}`` office hours of one date (an empty list closes that date).
    makeup_hours:
        office hours of a ``working_days`` date; default: Monday's hours (or the first weekday that has
        hours).
    tz:
        a zone name or tzinfo with a *fixed* UTC offset over the range (default Asia/Ho_Chi_Minh).
    code, name:
        free labels (e.g. the calendar code a CLI selects with ``--calendar``).

    Everything is precomputed into per-day tables, so every operation is O(1) or O(log n) in the
    number of days (plus O(number of pauses)).
    """

    def __init__(
        self,
        first: date,
        last: date,
        *,
        days_off: Mapping[date, tuple[str, str]] | None = None,
        working_days: Mapping[date, tuple[str, str]] | None = None,
        weekly: Mapping[int, Sequence] | None = None,
        hours_overrides: Mapping[date, Sequence] | None = None,
        makeup_hours: Sequence | None = None,
        tz: str | tzinfo = DEFAULT_TZ,
        code: str = "",
        name: str = "",
    ):
        for arg, d in (("first", first), ("last", last)):
            if not isinstance(d, date) or isinstance(d, datetime):
                raise CalendarConfigError(arg, f"expected a date, got {d!r}")
        if last < first:
            raise CalendarConfigError("last", f"{last} is before first {first}")
        self.first = first
        self.last = last
        self.code = code
        self.name = name

        # timezone: must have a fixed offset over the range
        if isinstance(tz, str):
            try:
                tz = ZoneInfo(tz)
            except Exception:
                raise CalendarConfigError("tz", f"unknown time zone {tz!r}") from None
        if not isinstance(tz, tzinfo):
            raise CalendarConfigError("tz", f"expected a zone name or tzinfo, got {tz!r}")
        self.tzinfo = tz
        probe = []
        d = datetime(first.year, first.month, first.day, 12)
        while d.date() <= last:
            probe.append(d)
            d += timedelta(days=29)
        probe.append(datetime(last.year, last.month, last.day, 12))
        offsets = {tz.utcoffset(p) for p in probe} | {tz.utcoffset(datetime(last.year, last.month, last.day, 23, 59))}
        if len(offsets) != 1 or None in offsets:
            raise CalendarConfigError("tz", f"{tz} has no single fixed UTC offset over {first}..{last}")
        self._off_td = offsets.pop()
        self._off_us = (self._off_td.days * 86400 + self._off_td.seconds) * _SEC_US + self._off_td.microseconds

        # weekly pattern
        weekly = DEFAULT_WEEKLY if weekly is None else weekly
        week: list[tuple[tuple[int, int], ...]] = []
        for wd in range(7):
            week.append(_sessions(weekly.get(wd, ()), f"weekly[{wd}]"))
        for key in weekly:
            if key not in range(7):
                raise CalendarConfigError("weekly", f"weekday keys are 0 (Monday) .. 6 (Sunday), got {key!r}")
        self._week = tuple(week)
        if makeup_hours is None:
            mk = week[0] or next((w for w in week if w), ())
        else:
            mk = _sessions(makeup_hours, "makeup_hours")
        if not mk and working_days:
            raise CalendarConfigError("makeup_hours", "no office hours for the make-up working days")
        self._makeup = mk

        n = last.toordinal() - first.toordinal() + 1
        self._n = n
        self._ord0 = first.toordinal()
        self._day0_us = (self._ord0 - _EPOCH_ORD) * DAY_US  # local midnight of `first`, as local epoch us

        off: dict[int, tuple[str, str]] = {}
        for dd, why in (days_off or {}).items():
            i = self._index_of_date(dd, "days_off")
            if i is not None:
                off[i] = _reason(why, f"days_off[{dd}]")
        work: dict[int, tuple[str, str]] = {}
        for dd, why in (working_days or {}).items():
            i = self._index_of_date(dd, "working_days")
            if i is not None:
                if i in off:
                    raise CalendarConfigError("working_days", f"{dd} is also listed in days_off")
                work[i] = _reason(why, f"working_days[{dd}]")
        overrides: dict[int, tuple[tuple[int, int], ...]] = {}
        for dd, ivs in (hours_overrides or {}).items():
            i = self._index_of_date(dd, "hours_overrides")
            if i is not None:
                s = _sessions(ivs, f"hours_overrides[{dd}]")
                if s and i in off:
                    raise CalendarConfigError("hours_overrides", f"{dd} is a day off but has office hours")
                overrides[i] = s
        self._off_reason = off
        self._work_reason = work
        self._override = overrides

        # per-day tables
        sessions: list[tuple[tuple[int, int], ...]] = []
        first_open: list[int] = []
        last_close: list[int] = []
        cumw = [0] * (n + 1)
        cwd = [0] * (n + 1)
        wd_day: list[int] = []
        ymd: list[tuple[int, int, int]] = []
        wd0 = first.weekday()
        w = 0
        for i in range(n):
            dd = date.fromordinal(self._ord0 + i)
            ymd.append((dd.year, dd.month, dd.day))
            if i in overrides:
                s = overrides[i]
            elif i in off:
                s = ()
            elif i in work:
                s = mk  # a make-up working day is a full standard day
            else:
                s = week[(wd0 + i) % 7]
            sessions.append(s)
            cwd[i] = len(wd_day)
            cumw[i] = w
            if s:
                wd_day.append(i)
                first_open.append(s[0][0])
                last_close.append(s[-1][1])
                w += sum(c - o for o, c in s)
            else:
                first_open.append(-1)
                last_close.append(-1)
        cumw[n] = w
        cwd[n] = len(wd_day)
        if not wd_day:
            raise CalendarConfigError("weekly", "the calendar has no working day at all")
        self._sessions = sessions
        self._first_open = first_open
        self._last_close = last_close
        self._cumw = cumw
        self._cumw_end = cumw[1:]
        self._cwd = cwd
        self._wd_day = wd_day
        self._nwd = len(wd_day)
        self._ymd = ymd
        self._midnight = [datetime(y, m, d, tzinfo=tz) for y, m, d in ymd]  # for fast output instants
        self._np = None  # lazily built numpy tables

    # ------------------------------------------------------------------ construction from seed entries

    @classmethod
    def from_entries(cls, entries: Iterable, first: date, last: date, **kwargs) -> Calendar:
        """Build a calendar from schedule entries (objects or dicts with ``date``, ``kind``
        (``"day_off"`` / ``"working_day"``), ``name``, ``source``), e.g. :func:`seed_data.holiday_entries`.
        Several entries on one date are merged (names joined with "; ")."""
        off: dict[date, tuple[str, str]] = {}
        work: dict[date, tuple[str, str]] = {}
        for e in entries:
            get = e.get if isinstance(e, Mapping) else lambda k, _e=e: getattr(_e, k)
            d, kind, nm, src = get("date"), get("kind"), get("name"), get("source")
            if isinstance(d, str):
                d = date.fromisoformat(d)
            target = {"day_off": off, "working_day": work}.get(kind)
            if target is None:
                raise CalendarConfigError("entries", f"{d}: kind must be 'day_off' or 'working_day', got {kind!r}")
            if d in target:
                n0, s0 = target[d]
                target[d] = (n0 if nm in n0 else f"{n0}; {nm}", s0 if src in s0 else f"{s0}; {src}")
            else:
                target[d] = (nm, src)
        return cls(first, last, days_off=off, working_days=work, **kwargs)

    # ------------------------------------------------------------------ low-level conversions

    def _index_of_date(self, d, argument: str) -> int | None:
        if isinstance(d, str):
            d = date.fromisoformat(d)
        if not isinstance(d, date) or isinstance(d, datetime):
            raise CalendarConfigError(argument, f"keys must be dates, got {d!r}")
        i = d.toordinal() - self._ord0
        return i if 0 <= i < self._n else None

    def _abs(self, dt, argument: str) -> int:
        """aware datetime -> local microseconds since local midnight of `first`."""
        try:
            off = dt.utcoffset()
        except (AttributeError, TypeError):
            raise WorkdaysError(argument, f"expected an aware datetime, got {type(dt).__name__}") from None
        if off is None:
            raise NaiveDatetimeError(argument, f"naive datetime {dt.isoformat()} — give a timezone (e.g. +07:00)")
        if not isinstance(dt, datetime):
            raise WorkdaysError(argument, f"expected an aware datetime, got {type(dt).__name__}")
        if off != self._off_td:
            dt = dt + (self._off_td - off)
        i = dt.toordinal() - self._ord0
        if not 0 <= i < self._n:
            raise OutOfCalendarRangeError(
                argument, f"{dt.isoformat()} is outside the calendar range {self.first}..{self.last}"
            )
        return i * DAY_US + ((dt.hour * 60 + dt.minute) * 60 + dt.second) * _SEC_US + dt.microsecond

    def _dt(self, a: int) -> datetime:
        i, x = divmod(a, DAY_US)
        s, us = divmod(x, _SEC_US)
        return self._midnight[i] + timedelta(0, s, us)

    def _fmt(self, a: int) -> str:
        i, x = divmod(a, DAY_US)
        y, m, d = self._ymd[i]
        return f"{_fmt_hm(x)} {WEEKDAY_NAMES_VI[date(y, m, d).weekday()]} {d:02d}/{m:02d}/{y}"

    def _w(self, a: int) -> int:
        """Office time (us) from the calendar start up to instant `a`."""
        i, x = divmod(a, DAY_US)
        w = self._cumw[i]
        for o, c in self._sessions[i]:
            if x <= o:
                return w
            if x < c:
                return w + x - o
            w += c - o
        return w

    def _locate(self, wt: int, argument: str) -> int:
        """Earliest instant whose office-time coordinate is `wt` (> 0)."""
        if wt <= 0:
            return 0
        i = bisect.bisect_left(self._cumw_end, wt)
        if i >= self._n:
            raise OutOfCalendarRangeError(argument, f"the due instant falls after the calendar's last date {self.last}")
        r = wt - self._cumw[i]
        for o, c in self._sessions[i]:
            ln = c - o
            if r <= ln:
                return i * DAY_US + o + r
            r -= ln
        raise AssertionError("unreachable: office-time tables inconsistent")

    def _normalise(self, a: int, cutoff_us: int | None, argument: str) -> tuple[int, str | None]:
        i, x = divmod(a, DAY_US)
        sess = self._sessions[i]
        if not sess:
            reason = "day_off"
        else:
            reason = "after_closing"
            for j, (o, c) in enumerate(sess):
                if x < c:
                    if cutoff_us is not None and x > cutoff_us:
                        reason = "after_cutoff"
                        break
                    if x < o:
                        return i * DAY_US + o, ("before_opening" if j == 0 else "between_sessions")
                    return a, None
        k = self._cwd[i + 1]
        if k >= self._nwd:
            raise OutOfCalendarRangeError(
                argument, f"no working day after {self._fmt(a)} within the calendar (last date {self.last})"
            )
        j = self._wd_day[k]
        return j * DAY_US + self._first_open[j], reason

    def _step_wd(self, s: int, n: int, argument: str) -> int:
        """`n` working days after the normalised start `s` (see module docstring)."""
        i0, x0 = divmod(s, DAY_US)
        k = self._cwd[i0] + n
        if k >= self._nwd:
            raise OutOfCalendarRangeError(argument, f"the due instant falls after the calendar's last date {self.last}")
        t = self._wd_day[k]
        prev_c = -1
        for o, c in self._sessions[t]:
            if x0 <= o:
                break
            if x0 <= c:
                return t * DAY_US + x0
            prev_c = c
        if prev_c >= 0:
            return t * DAY_US + prev_c
        if k == 0:  # cannot happen for n >= 1
            return t * DAY_US + self._first_open[t]
        p = self._wd_day[k - 1]
        return p * DAY_US + self._last_close[p]

    def _end_of_working_day_on_or_after(self, i: int, argument: str) -> int:
        if i >= self._n:
            raise OutOfCalendarRangeError(argument, f"the due date falls after the calendar's last date {self.last}")
        k = self._cwd[i]
        if k >= self._nwd:
            raise OutOfCalendarRangeError(argument, f"no working day on or after the due date within {self.last}")
        return self._wd_day[k] * DAY_US + _END_OF_DAY

    def _base_due(self, s: int, dur: Duration, argument: str) -> int:
        unit = dur.unit
        if unit == WORKING_DAYS:
            return self._step_wd(s, dur.amount, argument)
        if unit == WORKING_HOURS:
            return self._locate(self._w(s) + dur.amount * HOUR_US, argument)
        i0 = s // DAY_US
        if unit == SAME_DAY:
            return i0 * DAY_US + self._last_close[i0]
        if unit == CALENDAR_DAYS:
            return self._end_of_working_day_on_or_after(i0 + dur.amount, argument)
        if unit == MONTHS:
            y, m, d = self._ymd[i0]
            m0 = m - 1 + dur.amount
            y, m = y + m0 // 12, m0 % 12 + 1
            d = min(d, _pycalendar.monthrange(y, m)[1])
            return self._end_of_working_day_on_or_after(date(y, m, d).toordinal() - self._ord0, argument)
        raise AssertionError(unit)

    def _pauses(self, pauses, argument: str = "pauses") -> list[tuple[int, int]]:
        """-> sorted list of (W(start), W(end), start_abs, end_abs); validated."""
        if not pauses:
            return []
        out = []
        for j, p in enumerate(pauses):
            try:
                ps, pe = p
            except (TypeError, ValueError):
                raise PauseError(f"{argument}[{j}]", f"expected a (start, end) pair, got {p!r}") from None
            a = self._abs(ps, f"{argument}[{j}].start")
            b = self._abs(pe, f"{argument}[{j}].end")
            if b < a:
                raise PauseError(f"{argument}[{j}]", f"end {pe.isoformat()} is before start {ps.isoformat()}")
            out.append((a, b, j))
        out.sort()
        for q in range(1, len(out)):
            if out[q][0] < out[q - 1][1]:
                raise PauseError(
                    f"{argument}[{out[q][2]}]", f"overlaps {argument}[{out[q - 1][2]}]; merge overlapping pauses"
                )
        return [(a, b) for a, b, _ in out]

    def _extend(self, s: int, d: int, pauses: list[tuple[int, int]], argument: str) -> tuple[int, int]:
        """Extend due `d` (for a period started at `s`) by the office time of every pause that starts
        before the (extended) due and ends after `s`.  -> (new due, office time added)."""
        added = 0
        ws = None
        for a, b in pauses:
            if a >= d:
                break
            if b <= s:
                continue
            if ws is None:
                ws = self._w(s) if s >= 0 else 0
            ext = self._w(b) - max(self._w(a), ws)
            if ext > 0:
                d = self._locate(self._w(d) + ext, argument)
                added += ext
        return d, added

    # ------------------------------------------------------------------ public API

    def due(self, received_at: datetime, duration: str | Duration, *, cutoff=None, pauses=()) -> DueResult:
        """Due instant of ``duration`` for a dossier received at ``received_at``.

        ``cutoff``: ``datetime.time`` or ``"HH:MM"``; a receipt *after* it (strictly) counts from the
        next working day.  ``pauses``: ``[(start, end), ...]`` aware datetimes (supplementation
        requests); they extend the deadline by the office time they cover.
        """
        dur = parse_duration(duration, "duration")
        cut = None if cutoff is None else _parse_cutoff(cutoff)
        r = self._abs(received_at, "received_at")
        s, reason = self._normalise(r, cut, "received_at")
        base = self._base_due(s, dur, "duration")
        if pauses:
            d, added = self._extend(s, base, self._pauses(pauses), "pauses")
        else:
            d, added = base, 0
        return DueResult(self, r, s, base, d, self._dt(d), received_at, dur, reason, added)

    def due_chain(self, received_at: datetime, durations: Sequence[str | Duration], *, cutoff=None, pauses=()) -> ChainResult:
        """Apply ``durations`` in sequence: step 1 starts at the (normalised) receipt, each next step at
        the previous step's due instant (normalised like a receipt, without cut-off).  Pauses extend the
        step during which they start."""
        if isinstance(durations, (str, Duration)) or not durations:
            raise WorkdaysError("durations", "expected a non-empty list of durations")
        durs = [parse_duration(x, f"durations[{j}]") for j, x in enumerate(durations)]
        cut = None if cutoff is None else _parse_cutoff(cutoff)
        ps = self._pauses(pauses)
        r = self._abs(received_at, "received_at")
        steps = []
        prev_dt = received_at
        for j, dur in enumerate(durs):
            s, reason = self._normalise(r, cut if j == 0 else None, "received_at" if j == 0 else f"durations[{j}]")
            base = self._base_due(s, dur, f"durations[{j}]")
            d, added = self._extend(s, base, ps, "pauses") if ps else (base, 0)
            due_dt = self._dt(d)
            steps.append(DueResult(self, r, s, base, d, due_dt, prev_dt, dur, reason, added))
            r, prev_dt = d, due_dt
        return ChainResult(tuple(steps))

    def extend_due(self, due_at: datetime, pauses, *, started_at: datetime | None = None) -> tuple[datetime, float]:
        """Extend an existing due instant by pauses (see :meth:`due`).  Pauses ending before
        ``started_at`` (if given) are ignored and pauses are clipped at it.  -> (due, seconds added)."""
        d = self._abs(due_at, "due_at")
        s = self._abs(started_at, "started_at") if started_at is not None else -1
        nd, added = self._extend(s, d, self._pauses(pauses), "pauses")
        return (due_at if nd == d else self._dt(nd)), added / _SEC_US

    def working_time_between(self, start: datetime, end: datetime, *, pauses=()) -> WorkingTime:
        """Office time from ``start`` to ``end`` minus the office time of ``pauses`` inside that span."""
        a = self._abs(start, "start")
        b = self._abs(end, "end")
        if b < a:
            raise WorkdaysError("end", f"{end.isoformat()} is before start {start.isoformat()}")
        wa, wb = self._w(a), self._w(b)
        p_us = 0
        for pa, pb in self._pauses(pauses):
            if pb <= a or pa >= b:
                continue
            p_us += max(0, self._w(min(pb, b)) - self._w(max(pa, a)))
        total = wb - wa - p_us
        # whole working days, stepped like `Nwd` deadlines, against the end pulled back by the pauses
        e = b if p_us == 0 else self._locate(wb - p_us, "end")
        try:
            s, _ = self._normalise(a, None, "start")
        except OutOfCalendarRangeError:
            return WorkingTime(total, 0, total, p_us)
        if e < s:
            return WorkingTime(total, 0, total, p_us)
        k0 = self._cwd[s // DAY_US]
        n = self._cwd[e // DAY_US + 1] - k0  # candidates n, n-1, ...
        while n > 0:
            if k0 + n < self._nwd and self._step_wd(s, n, "end") <= e:
                break
            n -= 1
        base = s if n == 0 else self._step_wd(s, n, "end")
        return WorkingTime(total, n, max(0, self._w(e) - self._w(base)), p_us)

    def classify(self, due_at, end_at, **kwargs):
        """766 on-time classification; see :func:`motcua.workdays.ontime.classify`."""
        from .ontime import classify

        return classify(self, due_at, end_at, **kwargs)

    # ------------------------------------------------------------------ batch API

    def _np_tables(self):
        if self._np is None:
            n = self._n
            S = max(1, max(len(s) for s in self._sessions))
            opn = np.full((S, n), np.iinfo(np.int64).max // 4, dtype=np.int64)  # pad: never "started"
            cls = np.full((S, n), -1, dtype=np.int64)  # pad: never "before close"
            for i, sess in enumerate(self._sessions):
                for j, (o, c) in enumerate(sess):
                    opn[j, i] = o
                    cls[j, i] = c
            self._np = {
                "S": S,
                "open": [np.ascontiguousarray(opn[j]) for j in range(S)],
                "close": [np.ascontiguousarray(cls[j]) for j in range(S)],
                "first_open": np.asarray(self._first_open, dtype=np.int64),
                "last_close": np.asarray(self._last_close, dtype=np.int64),
                "cwd": np.asarray(self._cwd, dtype=np.int64),
                "wd_day": np.asarray(self._wd_day, dtype=np.int64),
            }
        return self._np

    def due_working_days_batch(self, received, n, *, cutoff=None) -> np.ndarray:
        """Vectorised ``due(received[i], f"{n[i]}wd", cutoff=cutoff).due_at`` (no pauses).

        ``received``: numpy ``datetime64`` array (read as UTC instants) or epoch seconds (int or float
        array).  ``n``: int array (or scalar) of working days, each >= 1.  Returns ``datetime64[us]``
        UTC instants.  Raises :class:`OutOfCalendarRangeError` (argument ``received`` or ``n``) if any
        input or result falls outside the calendar.
        """
        t = self._np_tables()
        rec = np.asarray(received)
        if rec.dtype.kind == "M":
            us = rec.astype("datetime64[us]").view(np.int64)
        elif rec.dtype.kind in "iu":
            us = rec.astype(np.int64) * _SEC_US
        elif rec.dtype.kind == "f":
            us = np.round(rec * _SEC_US).astype(np.int64)
        else:
            raise WorkdaysError("received", f"expected datetime64 or epoch seconds, got dtype {rec.dtype}")
        us = us.ravel()
        nn = np.broadcast_to(np.asarray(n), us.shape)
        if nn.dtype.kind not in "iu":
            raise WorkdaysError("n", f"expected integers, got dtype {nn.dtype}")
        nn = nn.astype(np.int64, copy=False)
        if nn.size and nn.min() < 1:
            raise WorkdaysError("n", "working days must be >= 1")
        loc = us + (self._off_us - self._day0_us)
        i = loc // DAY_US
        if i.size and (i.min() < 0 or i.max() >= self._n):
            bad = int(np.flatnonzero((i < 0) | (i >= self._n))[0])
            raise OutOfCalendarRangeError(
                "received", f"received[{bad}] is outside the calendar range {self.first}..{self.last}"
            )
        x = loc - i * DAY_US
        S, opn, cls = t["S"], t["open"], t["close"]
        # normalise: first session whose close is after x -> max(x, its opening); none -> next working day
        start_x = np.full(us.shape, -1, dtype=np.int64)
        for j in range(S - 1, -1, -1):
            cj = cls[j][i]
            start_x = np.where(x < cj, np.maximum(x, opn[j][i]), start_x)
        if cutoff is not None:
            cut = _parse_cutoff(cutoff)
            start_x[x > cut] = -1
        mv = start_x < 0
        cwd, wd_day = t["cwd"], t["wd_day"]
        k0 = np.where(mv, cwd[i + 1], cwd[i])
        k = k0 + nn
        if k.size and k.max() >= self._nwd:
            if k0.max() >= self._nwd:
                bad = int(np.flatnonzero(k0 >= self._nwd)[0])
                raise OutOfCalendarRangeError("received", f"received[{bad}]: no working day after it within the calendar")
            bad = int(np.flatnonzero(k >= self._nwd)[0])
            raise OutOfCalendarRangeError("n", f"n[{bad}]: the due instant falls after the calendar's last date {self.last}")
        sday = wd_day[k0]
        x0 = np.where(mv, t["first_open"][sday], start_x)
        tday = wd_day[k]
        land = np.full(us.shape, -1, dtype=np.int64)
        for j in range(S):
            oj = opn[j][tday]
            land = np.where(oj < x0, np.minimum(x0, cls[j][tday]), land)
        prev = land < 0
        pday = wd_day[np.maximum(k - 1, 0)]
        day = np.where(prev, pday, tday)
        xx = np.where(prev, t["last_close"][pday], land)
        out = day * DAY_US + xx + (self._day0_us - self._off_us)
        return out.reshape(rec.shape).view("datetime64[us]")

    # ------------------------------------------------------------------ inspection

    def _info_index(self, i: int) -> DayInfo:
        y, m, d = self._ymd[i]
        dd = date(y, m, d)
        working = bool(self._sessions[i])
        if i in self._off_reason:
            nm, src = self._off_reason[i]
        elif i in self._work_reason:
            nm, src = self._work_reason[i]
        elif i in self._override:
            nm, src = ("Giờ làm việc riêng của ngày", "hours_overrides") if working else (
                "Không làm việc (lịch riêng của ngày)",
                "hours_overrides",
            )
        elif working:
            nm, src = "Ngày làm việc", WEEKLY_REST_SOURCE
        else:
            nm, src = f"Nghỉ hằng tuần ({WEEKDAY_NAMES_VI[dd.weekday()]})", WEEKLY_REST_SOURCE
        return DayInfo(dd, working, nm, src)

    def day_info(self, d: date) -> DayInfo:
        """Whether ``d`` is a working day, and why."""
        i = self._index_of_date(d, "d")
        if i is None:
            raise OutOfCalendarRangeError("d", f"{d} is outside the calendar range {self.first}..{self.last}")
        return self._info_index(i)

    def is_working_day(self, d: date) -> bool:
        return self.day_info(d).working

    def office_hours(self, d: date) -> tuple[tuple[time, time], ...]:
        """Office hours of ``d`` (empty on a day off)."""
        i = self._index_of_date(d, "d")
        if i is None:
            raise OutOfCalendarRangeError("d", f"{d} is outside the calendar range {self.first}..{self.last}")

        def t(us):
            if us >= DAY_US:
                return time(23, 59, 59, 999999)
            s, u = divmod(us, _SEC_US)
            return time(s // 3600, s // 60 % 60, s % 60, u)

        return tuple((t(o), t(c)) for o, c in self._sessions[i])

    def _year_range(self, year: int) -> range:
        a = max(0, date(year, 1, 1).toordinal() - self._ord0)
        b = min(self._n, date(year, 12, 31).toordinal() - self._ord0 + 1)
        return range(a, max(a, b))

    def days_off(self, year: int) -> list[DayInfo]:
        """Non-working dates of ``year`` whose weekday normally has office hours (with the default
        pattern: the Monday-Friday days off), with name and source."""
        wd0 = self.first.weekday()
        return [
            self._info_index(i)
            for i in self._year_range(year)
            if not self._sessions[i] and self._week[(wd0 + i) % 7]
        ]

    def working_weekend_days(self, year: int) -> list[DayInfo]:
        """Working dates of ``year`` whose weekday normally has no office hours (make-up Saturdays)."""
        wd0 = self.first.weekday()
        return [
            self._info_index(i)
            for i in self._year_range(year)
            if self._sessions[i] and not self._week[(wd0 + i) % 7]
        ]

    def _skipped(self, recv: int, start: int, base: int, due: int, dur: Duration) -> tuple[DayInfo, ...]:
        """Non-working days that were not counted: for working-time units every day off from the
        receipt day to the due day; for calendar days / months the days off that moved the start, the
        days off at the end that moved the due date to the next working day, and (with pauses) the days
        off the extension stepped over."""
        ri, si, bi, di = recv // DAY_US, start // DAY_US, base // DAY_US, due // DAY_US
        if dur.unit in (CALENDAR_DAYS, MONTHS):
            if dur.unit == CALENDAR_DAYS:
                last = si + dur.amount
            else:
                y, m, d = self._ymd[si]
                m0 = m - 1 + dur.amount
                y, m = y + m0 // 12, m0 % 12 + 1
                last = date(y, m, min(d, _pycalendar.monthrange(y, m)[1])).toordinal() - self._ord0
            idx = list(range(ri, si)) + list(range(last, bi)) + list(range(bi + 1, di + 1))
        else:
            idx = range(ri, di + 1)
        return tuple(self._info_index(i) for i in idx if not self._sessions[i])

    def __repr__(self) -> str:
        return f"Calendar(code={self.code!r}, {self.first}..{self.last}, {self._nwd} working days)"


@functools.lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    """The national civil-service calendar 2020-01-01..2030-12-31: Monday-Friday 07:30-11:30 and
    13:30-17:00, with :func:`motcua.workdays.seed_data.holiday_entries` for 2020-2030."""
    from .seed_data import holiday_entries

    return Calendar.from_entries(
        holiday_entries(range(2020, 2031)), date(2020, 1, 1), date(2030, 12, 31), code="VN", name="Quốc gia"
    )


# --------------------------------------------------------------------------------------------------
# module-level conveniences on a calendar (default: the national calendar)


def _cal(calendar: Calendar | None) -> Calendar:
    return default_calendar() if calendar is None else calendar


def due(received_at: datetime, duration: str | Duration, *, calendar: Calendar | None = None, cutoff=None, pauses=()) -> DueResult:
    """:meth:`Calendar.due` on ``calendar`` (default: :func:`default_calendar`)."""
    return _cal(calendar).due(received_at, duration, cutoff=cutoff, pauses=pauses)


def due_chain(received_at: datetime, durations, *, calendar: Calendar | None = None, cutoff=None, pauses=()) -> ChainResult:
    """:meth:`Calendar.due_chain` on ``calendar`` (default: :func:`default_calendar`)."""
    return _cal(calendar).due_chain(received_at, durations, cutoff=cutoff, pauses=pauses)


def working_time_between(start: datetime, end: datetime, *, calendar: Calendar | None = None, pauses=()) -> WorkingTime:
    """:meth:`Calendar.working_time_between` on ``calendar`` (default: :func:`default_calendar`)."""
    return _cal(calendar).working_time_between(start, end, pauses=pauses)


def due_working_days_batch(received, n, *, calendar: Calendar | None = None, cutoff=None) -> np.ndarray:
    """:meth:`Calendar.due_working_days_batch` on ``calendar`` (default: :func:`default_calendar`)."""
    return _cal(calendar).due_working_days_batch(received, n, cutoff=cutoff)


def classify(due_at, end_at, *, calendar: Calendar | None = None, **kwargs):
    """:func:`motcua.workdays.ontime.classify` on ``calendar`` (default: :func:`default_calendar`)."""
    from .ontime import classify as _classify

    return _classify(_cal(calendar), due_at, end_at, **kwargs)
