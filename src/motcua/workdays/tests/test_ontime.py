"""766 on-time classification: trước hạn / đúng hạn / quá hạn."""

from datetime import date, datetime

import pytest

from motcua.workdays.engine import Calendar, default_calendar
from motcua.workdays.errors import DurationSyntaxError, NaiveDatetimeError, WorkdaysError
from motcua.workdays.ontime import EARLY, ON_TIME, OVERDUE, classify

pytestmark = []

VN = default_calendar().tzinfo


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=VN)


@pytest.fixture(scope="module")
def plain():
    return Calendar(date(2024, 1, 1), date(2026, 12, 31))


DUE = at(2024, 7, 2, 10)  # Tuesday 10:00


@pytest.mark.parametrize(
    ("end", "status", "delta_hours"),
    [
        (at(2024, 7, 1, 16), EARLY, -3.5),  # Monday: an earlier date; 1 h + 2.5 h before the due
        (at(2024, 7, 1, 23), EARLY, -2.5),
        (at(2024, 7, 2, 7), ON_TIME, -2.5),  # the due date, before the due instant
        (at(2024, 7, 2, 10), ON_TIME, 0),
        (at(2024, 7, 2, 10, 30), OVERDUE, 0.5),
        (at(2024, 7, 3, 9), OVERDUE, 6.5),
    ],
)
def test_basic(plain, end, status, delta_hours):
    r = classify(plain, DUE, end)
    assert r.status == status
    assert r.delta_seconds == delta_hours * 3600
    assert r.due_at == DUE == r.original_due_at
    assert r.label_vi == {EARLY: "Trước hạn", ON_TIME: "Đúng hạn", OVERDUE: "Quá hạn"}[status]


def test_after_closing_on_the_due_date_is_overdue_with_zero_office_time(plain):
    r = classify(plain, at(2024, 7, 2, 17), at(2024, 7, 2, 17, 30))
    assert (r.status, r.delta_seconds) == (OVERDUE, 0)


def test_pause_extends_the_due(plain):
    pauses = [(at(2024, 7, 1, 9), at(2024, 7, 1, 11))]  # 2 h
    r = classify(plain, DUE, at(2024, 7, 2, 11, 30), pauses=pauses)
    assert r.due_at == at(2024, 7, 2, 14)  # 10:00 + 1.5 h to 11:30 + 0.5 h after lunch
    assert (r.status, r.pause_seconds, r.supplementations) == (ON_TIME, 7200, 1)
    assert r.delta_seconds == -0.5 * 3600


def test_pause_across_a_weekend(plain):
    due = at(2024, 7, 8, 10)  # Monday
    pauses = [(at(2024, 7, 5, 16), at(2024, 7, 8, 8))]  # Fri 16:00 -> Mon 08:00 = 1 h + 0.5 h
    r = classify(plain, due, at(2024, 7, 8, 11, 20), pauses=pauses)
    assert r.due_at == at(2024, 7, 8, 11, 30)
    assert r.status == ON_TIME


def test_more_than_one_supplementation_is_overdue(plain):
    assert classify(plain, DUE, at(2024, 7, 1, 9), supplementations=2).status == OVERDUE
    two = [(at(2024, 6, 27, 9), at(2024, 6, 27, 10)), (at(2024, 6, 28, 9), at(2024, 6, 28, 10))]
    r = classify(plain, DUE, at(2024, 7, 1, 9), pauses=two)
    assert (r.status, r.supplementations) == (OVERDUE, 2)
    assert "2 lần" in r.reason
    assert classify(plain, DUE, at(2024, 7, 1, 9), supplementations=1).status == EARLY


def test_without_due_uses_legal_max(plain):
    started = at(2024, 7, 1, 10)
    r = classify(plain, None, at(2024, 7, 8, 9), legal_max="5wd", started_at=started)
    assert r.due_at == at(2024, 7, 8, 10) and r.status == ON_TIME
    r = classify(plain, None, at(2024, 7, 8, 11), legal_max="5wd", started_at=started)
    assert r.status == OVERDUE and r.delta_seconds == 3600
    # elapsed office time minus pauses vs the legal maximum
    pauses = [(at(2024, 7, 2, 8), at(2024, 7, 2, 10))]
    r = classify(plain, None, at(2024, 7, 8, 11), legal_max="5wd", started_at=started, pauses=pauses)
    assert r.status == ON_TIME and r.due_at == at(2024, 7, 8, 14)  # + 2 h: 1.5 h to 11:30, 0.5 h after lunch
    # cut-off when the due is computed
    r = classify(plain, None, at(2024, 7, 8, 16), legal_max="5wd", started_at=at(2024, 7, 1, 15, 30), cutoff="15:00")
    assert r.due_at == at(2024, 7, 8, 17) and r.status == ON_TIME


def test_national_calendar_example():
    cal = default_calendar()
    due = cal.due(at(2025, 1, 24, 9), "5wd").due_at  # Fri 7/2/2025 09:00
    assert cal.classify(due, at(2025, 2, 6, 16)).status == EARLY
    assert cal.classify(due, at(2025, 2, 7, 8)).status == ON_TIME
    r = cal.classify(due, at(2025, 2, 10, 9))
    assert r.status == OVERDUE and r.delta_seconds == 7.5 * 3600
    assert r.as_dict()["label"] == "Quá hạn"


def test_errors_name_the_argument(plain):
    with pytest.raises(WorkdaysError) as ei:
        classify(plain, None, at(2024, 7, 2))
    assert ei.value.argument == "due_at"
    with pytest.raises(DurationSyntaxError) as ei:
        classify(plain, None, at(2024, 7, 2), legal_max="five", started_at=at(2024, 7, 1))
    assert ei.value.argument == "legal_max"
    with pytest.raises(WorkdaysError) as ei:
        classify(plain, DUE, at(2024, 7, 2), supplementations=-1)
    assert ei.value.argument == "supplementations"
    with pytest.raises(WorkdaysError) as ei:
        classify(plain, DUE, at(2024, 7, 1), started_at=at(2024, 7, 2))
    assert ei.value.argument == "end_at"
    with pytest.raises(NaiveDatetimeError) as ei:
        classify(plain, DUE, datetime(2024, 7, 2, 9))
    assert ei.value.argument == "end_at"
    with pytest.raises(NaiveDatetimeError) as ei:
        classify(plain, datetime(2024, 7, 2, 9), at(2024, 7, 2))
    assert ei.value.argument == "due_at"
