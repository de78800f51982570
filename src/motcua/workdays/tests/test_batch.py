"""Batch API: errors and a fixed-seed comparison with the scalar API on 2020-2030."""

from datetime import UTC, datetime

import numpy as np
import pytest

from motcua.workdays.engine import default_calendar, due_working_days_batch
from motcua.workdays.errors import OutOfCalendarRangeError, WorkdaysError

pytestmark = []


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


def test_random_inputs_match_scalar(cal):
    rng = np.random.default_rng(20250124)
    lo = int(datetime(2020, 1, 1, tzinfo=UTC).timestamp())
    hi = int(datetime(2030, 9, 30, tzinfo=UTC).timestamp())
    sec = rng.integers(lo, hi, 5000)
    n = rng.integers(1, 61, 5000)
    out = due_working_days_batch(sec, n)
    assert out.dtype == np.dtype("datetime64[us]") and out.shape == (5000,)
    for j in range(0, 5000, 7):
        r = datetime.fromtimestamp(int(sec[j]), UTC)
        want = cal.due(r, f"{n[j]}wd").due_at.astimezone(UTC).replace(tzinfo=None)
        assert out[j].astype(object) == want


def test_shape_is_kept(cal):
    sec = np.full((2, 3), int(datetime(2025, 3, 3, 2, tzinfo=UTC).timestamp()))
    assert cal.due_working_days_batch(sec, 1).shape == (2, 3)


def test_errors_name_the_argument(cal):
    ok = np.array([int(datetime(2025, 3, 3, tzinfo=UTC).timestamp())])
    with pytest.raises(OutOfCalendarRangeError) as ei:
        cal.due_working_days_batch(np.array([0]), np.array([1]))
    assert ei.value.argument == "received" and "received[0]" in str(ei.value)
    with pytest.raises(OutOfCalendarRangeError) as ei:
        cal.due_working_days_batch(ok, np.array([5000]))
    assert ei.value.argument == "n"
    with pytest.raises(WorkdaysError) as ei:
        cal.due_working_days_batch(ok, np.array([0]))
    assert ei.value.argument == "n"
    with pytest.raises(WorkdaysError) as ei:
        cal.due_working_days_batch(ok, np.array([1.5]))
    assert ei.value.argument == "n"
    with pytest.raises(WorkdaysError) as ei:
        cal.due_working_days_batch(np.array(["x"]), np.array([1]))
    assert ei.value.argument == "received"
    last = np.array([int(datetime(2030, 12, 31, 12, tzinfo=UTC).timestamp())])
    with pytest.raises(OutOfCalendarRangeError) as ei:
        cal.due_working_days_batch(last, np.array([1]))
    assert ei.value.argument == "received"
