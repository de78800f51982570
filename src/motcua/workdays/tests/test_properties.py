"""Hypothesis properties of the engine, on the national calendar and on a deliberately irregular one
(Saturday mornings, make-up Saturdays, short days, a three-session day)."""

import os
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from motcua.workdays.engine import DAY_US, DEFAULT_WEEKLY, HOUR_US, Calendar, default_calendar
from motcua.workdays.seed_data import holiday_entries

pytestmark = []

VN = default_calendar().tzinfo
START = datetime(2020, 1, 1, tzinfo=VN)
SPAN_DAYS = (date(2028, 12, 31) - date(2020, 1, 1)).days  # leaves room after the last receipt


def _irregular() -> Calendar:
    weekly = dict(DEFAULT_WEEKLY)
    weekly[5] = ((time(7, 30), time(11, 30)),)
    overrides = {}
    d = date(2020, 1, 6)
    while d.year < 2030:
        if d.weekday() < 5:
            overrides[d] = [(time(8), time(12))]  # a short day every ~ 3 weeks
        d += timedelta(days=23)
    overrides[date(2024, 7, 3)] = [(time(7), time(9)), (time(10), time(11)), (time(14), time(20))]
    entries = [e for e in holiday_entries(range(2020, 2031)) if e.date not in overrides]
    return Calendar.from_entries(entries, date(2020, 1, 1), date(2030, 12, 31), weekly=weekly, hours_overrides=overrides)


CALENDARS = {"national": default_calendar(), "irregular": _irregular()}
BOUNDARIES = [0, 7 * HOUR_US, 7 * HOUR_US + 30 * 60_000_000, 8 * HOUR_US, 9 * HOUR_US, 11 * HOUR_US + 30 * 60_000_000,
              12 * HOUR_US, 13 * HOUR_US + 30 * 60_000_000, 14 * HOUR_US, 15 * HOUR_US, 17 * HOUR_US, 20 * HOUR_US]

time_of_day = st.one_of(
    st.integers(0, DAY_US - 1),
    st.tuples(st.sampled_from(BOUNDARIES), st.sampled_from([-1_000_000, -1, 0, 0, 0, 1, 1_000_000])).map(
        lambda t: min(max(t[0] + t[1], 0), DAY_US - 1)
    ),
)
instant_us = st.builds(lambda d, t: d * DAY_US + t, st.integers(0, SPAN_DAYS), time_of_day)
instants = instant_us.map(lambda us: START + timedelta(microseconds=us))
cal_names = st.sampled_from(sorted(CALENDARS))
cutoffs = st.sampled_from([None, "15:00", "10:00"])
durations = st.one_of(
    st.integers(1, 40).map(lambda n: f"{n}wd"),
    st.integers(1, 120).map(lambda n: f"{n}wh"),
    st.integers(1, 90).map(lambda n: f"{n}d"),
    st.integers(1, 12).map(lambda n: f"{n}mo"),
    st.just("same_day"),
)
EXAMPLES = int(os.environ.get("MOTCUA_HYPOTHESIS_EXAMPLES", "300"))  # raise for a deeper local run
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cal_names, instants, st.integers(1, 40), cutoffs)
def test_round_trip_working_days(cname, r, n, cutoff):
    cal = CALENDARS[cname]
    res = cal.due(r, f"{n}wd", cutoff=cutoff)
    w = cal.working_time_between(res.start_at, res.due_at)
    assert (w.days, w.remainder_microseconds) == (n, 0)
    if cutoff is None:
        w = cal.working_time_between(r, res.due_at)
        assert (w.days, w.remainder_microseconds) == (n, 0)


@SETTINGS
@given(cal_names, instants, st.integers(1, 200))
def test_round_trip_working_hours(cname, r, n):
    cal = CALENDARS[cname]
    d = cal.due(r, f"{n}wh").due_at
    assert cal.working_time_between(r, d).microseconds == n * HOUR_US


@SETTINGS
@given(cal_names, instants, instants, durations, cutoffs)
def test_monotonic_in_received(cname, a, b, dur, cutoff):
    cal = CALENDARS[cname]
    a, b = min(a, b), max(a, b)
    assert cal.due(a, dur, cutoff=cutoff).due_at <= cal.due(b, dur, cutoff=cutoff).due_at


@SETTINGS
@given(cal_names, instants, st.sampled_from(["wd", "wh", "d", "mo"]), st.integers(1, 60), st.integers(1, 60), cutoffs)
def test_monotonic_in_n(cname, r, unit, n1, n2, cutoff):
    cal = CALENDARS[cname]
    if unit == "mo":
        n1, n2 = n1 % 12 + 1, n2 % 12 + 1
    n1, n2 = min(n1, n2), max(n1, n2)
    d1 = cal.due(r, f"{n1}{unit}", cutoff=cutoff).due_at
    d2 = cal.due(r, f"{n2}{unit}", cutoff=cutoff).due_at
    assert d1 <= d2
    if n1 < n2 and unit in ("wd", "wh"):
        assert d1 < d2


@st.composite
def pause_lists(draw):
    k = draw(st.integers(0, 4))
    points = sorted(draw(st.lists(instant_us, min_size=2 * k, max_size=2 * k)))
    return [(START + timedelta(microseconds=points[2 * j]), START + timedelta(microseconds=points[2 * j + 1])) for j in range(k)]


@SETTINGS
@given(cal_names, instants, durations, pause_lists(), st.data())
def test_pauses_never_shorten_a_deadline(cname, r, dur, pauses, data):
    cal = CALENDARS[cname]
    try:
        with_all = cal.due(r, dur, pauses=pauses)
    except ValueError as exc:  # a long pause can push the due instant past 2030
        assume("after the calendar" not in str(exc))
        raise
    without = cal.due(r, dur)
    assert with_all.due_at >= without.due_at
    assert with_all.due_without_pauses == without.due_at
    assert with_all.pause_seconds >= 0
    subset = [p for p in pauses if data.draw(st.booleans())]
    assert cal.due(r, dur, pauses=subset).due_at <= with_all.due_at


@SETTINGS
@given(cal_names, instants, instants, instants)
def test_working_time_is_additive(cname, a, b, c):
    cal = CALENDARS[cname]
    a, b, c = sorted((a, b, c))
    ab = cal.working_time_between(a, b).microseconds
    bc = cal.working_time_between(b, c).microseconds
    assert ab + bc == cal.working_time_between(a, c).microseconds


@settings(max_examples=40, deadline=None)
@given(cal_names, st.integers(0, 2**32 - 1), cutoffs)
def test_batch_equals_scalar(cname, seed, cutoff):
    cal = CALENDARS[cname]
    rng = np.random.default_rng(seed)
    m = 300
    lo = int(START.timestamp() * 1_000_000)
    us = lo + rng.integers(0, SPAN_DAYS * DAY_US, m)
    # sprinkle exact boundaries
    us[: m // 3] = us[: m // 3] - (us[: m // 3] - lo) % (30 * 60_000_000)
    n = rng.integers(1, 61, m)
    got = cal.due_working_days_batch(us.astype("datetime64[us]"), n, cutoff=cutoff)
    for j in range(m):
        r = datetime.fromtimestamp(0, UTC) + timedelta(microseconds=int(us[j]))
        want = cal.due(r, f"{n[j]}wd", cutoff=cutoff).due_at
        assert got[j].astype(object).replace(tzinfo=UTC) == want, (r, n[j])


@pytest.mark.parametrize("cname", sorted(CALENDARS))
def test_batch_accepts_epoch_seconds(cname):
    cal = CALENDARS[cname]
    r = datetime(2025, 1, 24, 9, tzinfo=VN)
    want = np.datetime64(cal.due(r, "5wd").due_at.astimezone(UTC).replace(tzinfo=None), "us")
    for received in (np.array([int(r.timestamp())]), np.array([r.timestamp()]),
                     np.array([np.datetime64(int(r.timestamp()), "s")])):
        assert cal.due_working_days_batch(received, np.array([5]))[0] == want
    assert cal.due_working_days_batch(np.array([int(r.timestamp())]), 5)[0] == want
