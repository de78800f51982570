"""Working-day engine: confirmed schedules, counting semantics, cut-off, pauses, errors."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from motcua.workdays import engine
from motcua.workdays.engine import Calendar, default_calendar
from motcua.workdays.errors import (
    CalendarConfigError,
    CutoffError,
    DurationSyntaxError,
    NaiveDatetimeError,
    OutOfCalendarRangeError,
    PauseError,
    WorkdaysError,
)

pytestmark = []

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=0, mm=0, ss=0, us=0):
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=VN)


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


@pytest.fixture(scope="module")
def plain():
    """Mon-Fri 07:30-11:30, 13:30-17:00; no holidays; 2024-2026 (1/7/2024 is a Monday)."""
    return Calendar(date(2024, 1, 1), date(2026, 12, 31))


# ------------------------------------------------------------------------------ confirmed schedules


def test_five_working_days_from_friday_before_tet_2025(cal):
    r = cal.due(at(2025, 1, 24, 9), "5wd")
    # Tết 2025: off Mon 27/1 - Fri 31/1; count Mon 3/2 .. Fri 7/2
    assert r.due_at == at(2025, 2, 7, 9)
    assert r.start_reason is None
    skipped = {i.date for i in r.skipped_days}
    assert {date(2025, 1, d) for d in range(25, 32)} | {date(2025, 2, 1), date(2025, 2, 2)} == skipped
    tet = [i for i in r.skipped_days if i.date == date(2025, 1, 27)][0]
    assert tet.name == "Nghỉ Tết Nguyên đán"
    assert "6150/TB-BLĐTBXH" in tet.source


def test_tet_2025_days(cal):
    for d in range(27, 32):
        info = cal.day_info(date(2025, 1, d))
        assert not info.working and "6150/TB-BLĐTBXH" in info.source
    assert cal.is_working_day(date(2025, 1, 24))
    assert cal.is_working_day(date(2025, 2, 3))


def test_swap_2025_saturday_26_april_worked_friday_2_may_off(cal):
    sat = cal.day_info(date(2025, 4, 26))
    assert sat.working and sat.name == "Làm bù cho ngày 02/5/2025"
    fri = cal.day_info(date(2025, 5, 2))
    assert not fri.working and "hoán đổi" in fri.name
    assert cal.office_hours(date(2025, 4, 26)) == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    # received Friday 25/4 10:00: Sat 26/4 counts, Wed 30/4 .. Sun 4/5 do not
    assert cal.due(at(2025, 4, 25, 10), "1wd").due_at == at(2025, 4, 26, 10)
    assert cal.due(at(2025, 4, 25, 10), "3wd").due_at == at(2025, 4, 29, 10)
    assert cal.due(at(2025, 4, 25, 10), "4wd").due_at == at(2025, 5, 5, 10)
    assert [i.date for i in cal.days_off(2025) if i.date.month in (4, 5)] == [
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
    ]
    assert [i.date for i in cal.working_weekend_days(2025)] == [date(2025, 4, 26)]


def test_tet_2026_off_16_to_20_february(cal):
    for d in range(16, 21):
        info = cal.day_info(date(2026, 2, d))
        assert not info.working and "9441/TB-BNV" in info.source
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))
    assert cal.due(at(2026, 2, 13, 10), "1wd").due_at == at(2026, 2, 23, 10)


def test_2024_and_2026_swaps(cal):
    assert not cal.is_working_day(date(2024, 4, 29))
    assert cal.is_working_day(date(2024, 5, 4))
    assert cal.due(at(2024, 5, 3, 10), "1wd").due_at == at(2024, 5, 4, 10)
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))
    assert [i.date for i in cal.working_weekend_days(2026)] == [date(2026, 1, 10), date(2026, 8, 22)]


def test_days_off_2025_is_exactly_the_announced_weekday_list(cal):
    got = [(i.date, i.name) for i in cal.days_off(2025)]
    assert [d for d, _ in got] == [
        date(2025, 1, 1),
        *[date(2025, 1, d) for d in range(27, 32)],
        date(2025, 4, 7),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),
        date(2025, 9, 1),
        date(2025, 9, 2),
    ]
    assert all(i.source for i in cal.days_off(2025))


def test_lunar_holidays_are_days_off_in_every_year(cal):
    import holidays

    for year in range(2020, 2031):
        h = holidays.country_holidays("VN", years=year, observed=False)
        for d, name in h.items():
            if d.weekday() < 5 and "Cultural" not in name:
                assert not cal.is_working_day(d), (d, name)


# ------------------------------------------------------------------------------ receipt normalisation


def test_inside_office_hours_same_clock_next_working_day(plain):
    r = plain.due(at(2024, 7, 1, 9, 15, 7, 123), "1wd")  # Monday
    assert r.due_at == at(2024, 7, 2, 9, 15, 7, 123)
    assert r.start_at == at(2024, 7, 1, 9, 15, 7, 123)
    assert r.start_reason is None


def test_before_opening_starts_at_opening_and_one_day_is_the_whole_day(plain):
    r = plain.due(at(2024, 7, 1, 6, 0), "1wd")
    assert r.start_at == at(2024, 7, 1, 7, 30)
    assert r.start_reason == "before_opening"
    assert r.due_at == at(2024, 7, 1, 17, 0)
    assert plain.due(at(2024, 7, 1, 7, 30), "1wd").due_at == at(2024, 7, 1, 17, 0)
    assert plain.due(at(2024, 7, 1, 7, 30), "2wd").due_at == at(2024, 7, 2, 17, 0)


def test_after_hours_one_day_is_close_of_next_working_day(plain):
    r = plain.due(at(2024, 7, 1, 18, 0), "1wd")
    assert r.start_reason == "after_closing"
    assert r.start_at == at(2024, 7, 2, 7, 30)
    assert r.due_at == at(2024, 7, 2, 17, 0)
    # exactly at closing counts as after hours; one second before does not
    assert plain.due(at(2024, 7, 1, 17, 0), "1wd").due_at == at(2024, 7, 2, 17, 0)
    assert plain.due(at(2024, 7, 1, 16, 59, 59), "1wd").due_at == at(2024, 7, 2, 16, 59, 59)


def test_friday_evening_rolls_over_the_weekend(plain):
    r = plain.due(at(2024, 7, 5, 20, 0), "1wd")  # Friday
    assert r.due_at == at(2024, 7, 8, 17, 0)
    assert [i.date for i in r.skipped_days] == [date(2024, 7, 6), date(2024, 7, 7)]
    assert r.skipped_days[0].name == "Nghỉ hằng tuần (Thứ Bảy)"


def test_day_off_receipt(plain):
    r = plain.due(at(2024, 7, 6, 10, 0), "2wd")  # Saturday
    assert r.start_reason == "day_off"
    assert r.start_at == at(2024, 7, 8, 7, 30)
    assert r.due_at == at(2024, 7, 9, 17, 0)
    assert "ngày nghỉ" in r.start_note


def test_lunch_break_receipt_rolls_to_afternoon_and_lands_on_close_of_morning(plain):
    r = plain.due(at(2024, 7, 1, 12, 0), "1wd")
    assert r.start_reason == "between_sessions"
    assert r.start_at == at(2024, 7, 1, 13, 30)
    # 13:30 the next day is an opening: reported as the close of the previous session
    assert r.due_at == at(2024, 7, 2, 11, 30)


def test_cutoff(plain):
    after = plain.due(at(2024, 7, 1, 15, 30), "1wd", cutoff="15:00")
    assert after.start_reason == "after_cutoff"
    assert after.start_at == at(2024, 7, 2, 7, 30)
    assert after.due_at == at(2024, 7, 2, 17, 0)
    exactly = plain.due(at(2024, 7, 1, 15, 0), "1wd", cutoff=time(15, 0))
    assert exactly.start_reason is None and exactly.due_at == at(2024, 7, 2, 15, 0)
    before = plain.due(at(2024, 7, 1, 14, 59), "1wd", cutoff="15:00")
    assert before.due_at == at(2024, 7, 2, 14, 59)
    # after closing the closing wins as the reason
    assert plain.due(at(2024, 7, 1, 18, 0), "1wd", cutoff="15:00").start_reason == "after_closing"
    assert plain.due(at(2024, 7, 1, 16, 0), "same_day", cutoff="15:00").due_at == at(2024, 7, 2, 17, 0)


@pytest.mark.parametrize("bad", ["25:00", "3pm", "", 15, time(15, 0, tzinfo=UTC)])
def test_bad_cutoff(plain, bad):
    with pytest.raises(CutoffError) as ei:
        plain.due(at(2024, 7, 1, 9), "1wd", cutoff=bad)
    assert ei.value.argument == "cutoff"


# ------------------------------------------------------------------------------ units


def test_working_hours(plain):
    assert plain.due(at(2024, 7, 1, 7, 30), "16wh").due_at == at(2024, 7, 3, 8, 30)
    assert plain.due(at(2024, 7, 1, 11, 0), "1wh").due_at == at(2024, 7, 1, 14, 0)
    assert plain.due(at(2024, 7, 1, 10, 30), "1wh").due_at == at(2024, 7, 1, 11, 30)  # fills the morning
    assert plain.due(at(2024, 7, 1, 9, 0), "8wh").due_at == at(2024, 7, 2, 9, 30)
    assert plain.due(at(2024, 7, 5, 16, 0), "2wh").due_at == at(2024, 7, 8, 8, 30)  # over the weekend


def test_same_day(plain):
    assert plain.due(at(2024, 7, 1, 9), "same_day").due_at == at(2024, 7, 1, 17)
    assert plain.due(at(2024, 7, 1, 12), "trong_ngay").due_at == at(2024, 7, 1, 17)
    assert plain.due(at(2024, 7, 1, 18), "same_day").due_at == at(2024, 7, 2, 17)


def test_calendar_days_civil_code(plain, cal):
    # first day not counted; ends at the end of the last day
    r = plain.due(at(2024, 7, 1, 9), "3d")
    assert r.due_at == at(2024, 7, 4, 23, 59, 59, 999999)
    assert r.due_date == date(2024, 7, 4)
    # last day Saturday -> end of Monday
    r = plain.due(at(2024, 7, 1, 9), "5d")
    assert r.due_at == at(2024, 7, 8, 23, 59, 59, 999999)
    assert [i.date for i in r.skipped_days] == [date(2024, 7, 6), date(2024, 7, 7)]
    # days off inside the period count
    assert plain.due(at(2024, 7, 1, 9), "7d").due_date == date(2024, 7, 8)
    # the deemed receipt day is the normalised start's day
    assert plain.due(at(2024, 7, 6, 9), "1d").due_date == date(2024, 7, 9)
    # with holidays: 30 days from 25/4/2025 end on Sunday 25/5 -> Monday 26/5
    assert cal.due(at(2025, 4, 25, 10), "30d").due_date == date(2025, 5, 26)


def test_months_civil_code(plain, cal):
    assert plain.due(at(2024, 7, 15, 9), "1mo").due_date == date(2024, 8, 15)
    # no corresponding day: last day of the month (30/9/2024 is a Monday)
    assert plain.due(at(2024, 8, 30, 9), "1mo").due_date == date(2024, 9, 30)
    assert plain.due(at(2024, 1, 31, 9), "1mo").due_date == date(2024, 2, 29)
    assert plain.due(at(2024, 12, 31, 9), "2mo").due_date == date(2025, 2, 28)
    # 31/8/2024 is a Saturday (day off): deemed received Monday 2/9 in `plain`
    assert plain.due(at(2024, 8, 31, 9), "1mo").due_date == date(2024, 10, 2)
    # national calendar: received Friday 31/1/2025 (Tết, day off) -> counts from Monday 3/2
    assert cal.due(at(2025, 1, 31, 10), "1mo").due_date == date(2025, 3, 3)


def test_chain_equals_sum_of_working_days(plain, cal):
    for r in (at(2024, 7, 1, 10), at(2024, 7, 1, 18), at(2024, 7, 6, 9)):
        ch = plain.due_chain(r, ["2wd", "3wd"])
        assert ch.due_at == plain.due(r, "5wd").due_at
        assert len(ch.steps) == 2 and ch.steps[0].due_at < ch.due_at
    ch = cal.due_chain(at(2025, 1, 24, 9), ["1wd", "16wh", "same_day"])
    assert ch.steps[0].due_at == at(2025, 2, 3, 9)
    assert ch.steps[1].due_at == at(2025, 2, 5, 10)
    assert ch.due_at == at(2025, 2, 5, 17)
    assert ch.as_dict()["due_at"] == ch.due_at.isoformat()
    with pytest.raises(WorkdaysError) as ei:
        plain.due_chain(at(2024, 7, 1), [])
    assert ei.value.argument == "durations"
    with pytest.raises(DurationSyntaxError) as ei:
        plain.due_chain(at(2024, 7, 1), ["1wd", "x"])
    assert ei.value.argument == "durations[1]"


# ------------------------------------------------------------------------------ pauses


def test_pause_across_days_off_extends_by_office_time(plain):
    base = plain.due(at(2024, 7, 3, 9), "5wd").due_at  # Wed -> Wed 10/7 09:00
    assert base == at(2024, 7, 10, 9)
    # Fri 15:00 -> Mon 09:00 covers Fri 15:00-17:00 and Mon 07:30-09:00 = 3.5 h
    r = plain.due(at(2024, 7, 3, 9), "5wd", pauses=[(at(2024, 7, 5, 15), at(2024, 7, 8, 9))])
    assert r.pause_seconds == 3.5 * 3600
    assert r.due_without_pauses == base
    assert r.due_at == at(2024, 7, 10, 14, 30)  # 09:00 + 2.5 h to 11:30, + 1 h from 13:30
    # a pause entirely over the weekend adds nothing
    r2 = plain.due(at(2024, 7, 3, 9), "5wd", pauses=[(at(2024, 7, 6, 8), at(2024, 7, 7, 20))])
    assert r2.due_at == base and r2.pause_seconds == 0


def test_pause_after_due_or_before_start_is_ignored(plain):
    base = plain.due(at(2024, 7, 3, 9), "1wd").due_at
    late = plain.due(at(2024, 7, 3, 9), "1wd", pauses=[(at(2024, 7, 4, 9), at(2024, 7, 5, 9))])
    assert late.due_at == base
    early = plain.due(at(2024, 7, 3, 9), "1wd", pauses=[(at(2024, 7, 2, 9), at(2024, 7, 3, 8))])
    assert early.due_at == base
    # clipped at the start: 08:00-10:00 on the receipt day counts from 09:00 only
    clip = plain.due(at(2024, 7, 3, 9), "1wd", pauses=[(at(2024, 7, 3, 8), at(2024, 7, 3, 10))])
    assert clip.pause_seconds == 3600


def test_pause_straddling_the_due_counts_whole(plain):
    # due Tue 10:00; supplement requested Tue 09:00, received Thu 09:00 -> due Thu 10:00
    r = plain.due(at(2024, 7, 1, 10), "1wd", pauses=[(at(2024, 7, 2, 9), at(2024, 7, 4, 9))])
    assert r.due_at == at(2024, 7, 4, 10)


def test_two_pauses_chain_extensions(plain):
    r = plain.due(
        at(2024, 7, 1, 10),
        "1wd",
        pauses=[(at(2024, 7, 2, 8), at(2024, 7, 2, 9)), (at(2024, 7, 2, 10, 30), at(2024, 7, 2, 11, 30))],
    )
    # first pause pushes the due to 11:00, so the second (starting 10:30) also counts
    assert r.due_at == at(2024, 7, 2, 14, 0)


def test_bad_pauses(plain):
    with pytest.raises(PauseError) as ei:
        plain.due(at(2024, 7, 1, 10), "1wd", pauses=[(at(2024, 7, 2, 9), at(2024, 7, 2, 8))])
    assert ei.value.argument == "pauses[0]" and "before start" in str(ei.value)
    with pytest.raises(PauseError) as ei:
        plain.due(
            at(2024, 7, 1, 10),
            "1wd",
            pauses=[(at(2024, 7, 2, 8), at(2024, 7, 2, 10)), (at(2024, 7, 2, 9), at(2024, 7, 2, 11))],
        )
    assert ei.value.argument == "pauses[1]" and "overlaps" in str(ei.value)
    with pytest.raises(PauseError) as ei:
        plain.due(at(2024, 7, 1, 10), "1wd", pauses=[(at(2024, 7, 2, 8),)])
    assert ei.value.argument == "pauses[0]"
    with pytest.raises(NaiveDatetimeError) as ei:
        plain.due(at(2024, 7, 1, 10), "1wd", pauses=[(datetime(2024, 7, 2, 8), at(2024, 7, 2, 9))])
    assert ei.value.argument == "pauses[0].start"
    # touching pauses are fine
    plain.due(
        at(2024, 7, 1, 10),
        "1wd",
        pauses=[(at(2024, 7, 2, 8), at(2024, 7, 2, 9)), (at(2024, 7, 2, 9), at(2024, 7, 2, 10))],
    )


def test_extend_due(plain):
    d, added = plain.extend_due(at(2024, 7, 2, 10), [(at(2024, 7, 2, 9), at(2024, 7, 4, 9))])
    assert d == at(2024, 7, 4, 10) and added == 15 * 3600


# ------------------------------------------------------------------------------ working time


def test_working_time_between(plain):
    w = plain.working_time_between(at(2024, 7, 1, 9), at(2024, 7, 3, 10))
    assert w.seconds == (7.5 * 2 + 1) * 3600
    assert (w.days, w.remainder_seconds) == (2, 3600)
    w = plain.working_time_between(at(2024, 7, 5, 18), at(2024, 7, 8, 7))  # weekend only
    assert (w.seconds, w.days, w.remainder_seconds) == (0, 0, 0)
    w = plain.working_time_between(at(2024, 7, 1, 9), at(2024, 7, 3, 10), pauses=[(at(2024, 7, 2, 7), at(2024, 7, 2, 9))])
    assert w.seconds == 14.5 * 3600 and w.pause_seconds == 1.5 * 3600  # the pause covers 07:30-09:00
    # the end pulled back by 1.5 h is Wed 08:30: one whole day (to Tue 09:00) + 7 h
    assert (w.days, w.remainder_seconds) == (1, 7 * 3600)
    with pytest.raises(WorkdaysError) as ei:
        plain.working_time_between(at(2024, 7, 3), at(2024, 7, 1))
    assert ei.value.argument == "end"


def test_round_trip_examples(cal):
    for r in (at(2025, 1, 24, 9), at(2025, 1, 24, 18), at(2025, 4, 25, 12, 15), at(2026, 2, 14, 10)):
        for n in (1, 5, 20):
            d = cal.due(r, f"{n}wd").due_at
            w = cal.working_time_between(r, d)
            assert (w.days, w.remainder_microseconds) == (n, 0), (r, n)


# ------------------------------------------------------------------------------ instants and errors


def test_other_offsets_give_the_same_answer(plain):
    local = at(2024, 7, 1, 9, 15)
    utc = local.astimezone(UTC)
    fixed = local.astimezone(timezone(timedelta(hours=7)))
    a, b, c = (plain.due(x, "3wd").due_at for x in (local, utc, fixed))
    assert a == b == c
    assert a.tzinfo is VN and b.tzinfo is VN


def test_naive_rejected(plain):
    with pytest.raises(NaiveDatetimeError) as ei:
        plain.due(datetime(2024, 7, 1, 9), "1wd")
    assert ei.value.argument == "received_at" and "received_at" in str(ei.value)
    with pytest.raises(WorkdaysError) as ei:
        plain.due(date(2024, 7, 1), "1wd")  # type: ignore[arg-type]
    assert ei.value.argument == "received_at"


def test_out_of_range(plain, cal):
    with pytest.raises(OutOfCalendarRangeError) as ei:
        plain.due(at(2023, 12, 31, 9), "1wd")
    assert ei.value.argument == "received_at"
    with pytest.raises(OutOfCalendarRangeError) as ei:
        cal.due(at(2030, 12, 30, 9), "5wd")
    assert ei.value.argument == "duration" and "2030-12-31" in str(ei.value)
    with pytest.raises(OutOfCalendarRangeError) as ei:
        cal.due(at(2030, 12, 30, 9), "9999wh")
    assert ei.value.argument == "duration"
    with pytest.raises(OutOfCalendarRangeError):
        cal.due(at(2030, 12, 10, 9), "1mo")
    with pytest.raises(OutOfCalendarRangeError) as ei:
        cal.due(at(2030, 12, 31, 18), "1wd")  # no next working day
    assert ei.value.argument == "received_at"
    with pytest.raises(OutOfCalendarRangeError):
        cal.day_info(date(2031, 1, 1))


def test_bad_duration_names_argument(plain):
    with pytest.raises(DurationSyntaxError) as ei:
        plain.due(at(2024, 7, 1, 9), "five days")
    assert ei.value.argument == "duration"


def test_explain_and_dict(cal):
    r = cal.due(at(2025, 1, 24, 18), "1wd", pauses=[(at(2025, 2, 3, 8), at(2025, 2, 3, 9))])
    text = r.explain()
    assert "Tiếp nhận sau giờ làm việc" in text and "Nghỉ Tết Nguyên đán" in text and "Hạn giải quyết" in text
    dct = r.as_dict()
    assert dct["due_at"] == r.due_at.isoformat() and dct["start_reason"] == "after_closing"
    assert dct["skipped_days"][2]["name"] == "Nghỉ Tết Nguyên đán"
    assert dct["pause_seconds"] == 3600  # counting starts 07:30 Monday 3/2; the pause 08:00-09:00


def test_module_level_functions_use_the_default_calendar():
    assert engine.due(at(2025, 1, 24, 9), "5wd").due_at == at(2025, 2, 7, 9)
    assert engine.working_time_between(at(2025, 1, 24, 9), at(2025, 2, 7, 9)).days == 5
    assert engine.classify(at(2025, 2, 7, 9), at(2025, 2, 6, 9)).status == "early"


# ------------------------------------------------------------------------------ calendar definition


def test_saturday_morning_centre():
    weekly = dict(engine.DEFAULT_WEEKLY)
    weekly[5] = [("07:30", "11:30")]
    c = Calendar(
        date(2024, 7, 1),
        date(2024, 12, 31),
        weekly=weekly,
        days_off={date(2024, 9, 2): ("Quốc khánh", "law")},
        working_days={date(2024, 9, 7): ("Làm bù", "doc")},
    )
    # Friday 15:00 + 1wd -> Saturday, which closes at 11:30
    assert c.due(at(2024, 7, 5, 15), "1wd").due_at == at(2024, 7, 6, 11, 30)
    # Saturday 10:00 + 1wd -> Monday 10:00
    assert c.due(at(2024, 7, 6, 10), "1wd").due_at == at(2024, 7, 8, 10)
    # Saturday after closing -> Monday opening -> close of Monday
    assert c.due(at(2024, 7, 6, 12), "1wd").due_at == at(2024, 7, 8, 17)
    # make-up Saturday gets the full standard day
    assert c.office_hours(date(2024, 9, 7)) == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
    assert c.due(at(2024, 9, 6, 15), "1wd").due_at == at(2024, 9, 7, 15)
    # days_off lists weekdays-with-hours that are off (Saturday included here); weekend working days none
    assert [i.date for i in c.days_off(2024)] == [date(2024, 9, 2)]
    assert c.working_weekend_days(2024) == []
    assert c.due(at(2024, 7, 6, 9), "4wh").due_at == at(2024, 7, 8, 9, 0)  # 2.5 h Saturday + 1.5 h Monday


def test_hours_overrides():
    c = Calendar(
        date(2024, 7, 1),
        date(2024, 7, 31),
        hours_overrides={date(2024, 7, 2): [(time(8), time(12))], date(2024, 7, 3): []},
    )
    assert c.due(at(2024, 7, 1, 14), "1wd").due_at == at(2024, 7, 2, 12)  # after the short day's close
    assert c.due(at(2024, 7, 1, 7, 45), "1wd").due_at == at(2024, 7, 1, 17)  # 07:45 before 08:00 opening
    assert not c.is_working_day(date(2024, 7, 3))
    assert c.day_info(date(2024, 7, 3)).source == "hours_overrides"
    assert c.due(at(2024, 7, 2, 9), "1wd").due_at == at(2024, 7, 4, 9)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"weekly": {0: [("12:00", "08:00")]}}, "weekly[0][0]"),
        ({"weekly": {0: [("08:00", "12:00"), ("11:00", "13:00")]}}, "weekly[0]"),
        ({"weekly": {0: [("8h", "12:00")]}}, "weekly[0][0]"),
        ({"weekly": {7: [("08:00", "12:00")]}}, "weekly"),
        ({"weekly": {}}, "weekly"),
        ({"days_off": {date(2024, 7, 6): ("x", "y")}, "working_days": {date(2024, 7, 6): ("x", "y")}}, "working_days"),
        ({"tz": "Europe/Paris"}, "tz"),
        ({"tz": "Nowhere/Atlantis"}, "tz"),
        ({"hours_overrides": {date(2024, 7, 2): [("09:00", "08:00")]}}, "hours_overrides[2024-07-02][0]"),
    ],
)
def test_calendar_config_errors(kwargs, argument):
    with pytest.raises(CalendarConfigError) as ei:
        Calendar(date(2024, 1, 1), date(2024, 12, 31), **kwargs)
    assert ei.value.argument == argument


def test_calendar_range_errors():
    with pytest.raises(CalendarConfigError) as ei:
        Calendar(date(2024, 2, 1), date(2024, 1, 1))
    assert ei.value.argument == "last"
    with pytest.raises(CalendarConfigError) as ei:
        Calendar(datetime(2024, 1, 1), date(2024, 2, 1))  # type: ignore[arg-type]
    assert ei.value.argument == "first"


def test_from_entries_merges_and_validates():
    c = Calendar.from_entries(
        [
            {"date": "2024-07-02", "kind": "day_off", "name": "A", "source": "s1"},
            {"date": date(2024, 7, 2), "kind": "day_off", "name": "B", "source": "s2"},
            {"date": "2024-07-06", "kind": "working_day", "name": "C", "source": "s3"},
        ],
        date(2024, 7, 1),
        date(2024, 7, 31),
    )
    info = c.day_info(date(2024, 7, 2))
    assert (info.working, info.name, info.source) == (False, "A; B", "s1; s2")
    assert c.is_working_day(date(2024, 7, 6))
    with pytest.raises(CalendarConfigError):
        Calendar.from_entries([{"date": "2024-07-02", "kind": "holiday", "name": "A", "source": ""}], date(2024, 7, 1), date(2024, 7, 31))
