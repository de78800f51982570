"""The shared definitions on hand-made dossiers: the 766 verdict, its reason, and the overdue spans the
rollups count."""

import datetime as dt

import pytest

from motcua.dossiers import definitions as d
from motcua.workdays.selectors import engine_calendar

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


def at(day, hour=8):
    return dt.datetime(2026, 3, day, hour, tzinfo=TZ)


def test_the_reason_names_the_delay_after_removing_the_supplementation():
    calendar = engine_calendar("VN")
    # Received Monday 2/3, due Friday 6/3 17:00; waiting for the applicant Tuesday 08:00 -> Friday 08:00
    # (3 working days), decided Friday 13/3 17:00.
    record = d.Record(at(2), at(6, 17), at(13, 17), d.END_RESOLVED, ((at(3), at(6)),))
    verdict = d.classify_at(record, calendar, record.end_at)
    assert verdict.status == d.OVERDUE and verdict.due_at == at(11, 17)
    assert d.explain(record, verdict, calendar) == "quá hạn 2 ngày làm việc sau khi trừ 3 ngày làm việc chờ bổ sung"


def test_a_second_request_is_overdue_and_a_waiting_dossier_is_judged_at_its_request():
    calendar = engine_calendar("VN")
    twice = d.Record(at(2), at(6, 17), at(5, 17), d.END_RESOLVED, ((at(3), at(3, 10)), (at(4), at(4, 10))))
    verdict = d.classify_at(twice, calendar, twice.end_at)
    assert verdict.status == d.OVERDUE
    assert d.explain(twice, verdict, calendar) == "yêu cầu bổ sung 2 lần (quá 1 lần): tính là quá hạn"
    waiting = d.Record(at(2), at(6, 17), None, "", ((at(5), None),))
    # Long after the due date, still waiting: judged at the request (before the due date) -> within.
    assert d.classify_at(waiting, calendar, at(20)).status == d.EARLY
    assert d.overdue_spans(waiting, calendar) == []


def test_overdue_spans_follow_the_verdict_at_every_instant():
    calendar = engine_calendar("VN")
    record = d.Record(at(2), at(6, 17), None, "", ((at(9), at(12)),))  # requested after the due date
    spans = d.overdue_spans(record, calendar)
    for day in range(2, 28):
        for hour in (0, 9, 12, 18):
            instant = at(day, hour)
            if instant <= record.received_at:
                continue
            inside = any(a < instant and (b is None or instant <= b) for a, b in spans)
            assert inside == (d.classify_at(record, calendar, instant).status == d.OVERDUE), instant
