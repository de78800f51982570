"""Seeded civil-service schedules 2020-2026 and the holidays-package fallback."""

from datetime import date

import holidays
import pytest

from motcua.workdays import seed_data
from motcua.workdays.seed_data import ANNOUNCED, DAY_OFF, WORKING_DAY, ScheduleEntry, holiday_entries

pytestmark = []

# Lunar New Year's Day (mùng 1 Tết) and Hùng Kings' day (10/3 âm lịch), 2020-2030
TET = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13),
    # the new moon falls late on 2 Feb 2030 in UTC+7 but after midnight in UTC+8: Vietnam's Tết is a
    # day before China's (3 Feb), as in 1985 and 2007
    2030: date(2030, 2, 2),
}
GIO_TO = {
    2020: date(2020, 4, 2), 2021: date(2021, 4, 21), 2022: date(2022, 4, 10), 2023: date(2023, 4, 29),
    2024: date(2024, 4, 18), 2025: date(2025, 4, 7), 2026: date(2026, 4, 26), 2027: date(2027, 4, 16),
    2028: date(2028, 4, 4), 2029: date(2029, 4, 23), 2030: date(2030, 4, 12),
}


def test_years_covered():
    assert tuple(range(2020, 2027)) == seed_data.ANNOUNCED_YEARS


@pytest.mark.parametrize("year", range(2020, 2027))
def test_announced_entries_are_well_formed(year):
    entries = ANNOUNCED[year]
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert len({e.date for e in entries}) == len(entries)
    for e in entries:
        assert isinstance(e, ScheduleEntry)
        assert e.date.year == year
        assert e.kind in (DAY_OFF, WORKING_DAY)
        assert e.name and e.source
        assert e.confirmed == (not e.source.startswith("UNCONFIRMED"))
        assert e.overridable == (not e.confirmed)
        if e.kind == WORKING_DAY:
            assert e.date.weekday() == 5 and e.name.startswith("Làm bù cho ngày ")
            # the swapped day off exists, in the same year, named after this Saturday
            swapped = date(year, *reversed([int(x) for x in e.name.split()[-1].split("/")[:2]]))
            off = [x for x in entries if x.date == swapped]
            assert off and off[0].kind == DAY_OFF and "hoán đổi" in off[0].name
            assert off[0].source == e.source


@pytest.mark.parametrize("year", range(2020, 2027))
def test_lunar_holidays_in_announced_years(year):
    offs = {e.date: e for e in ANNOUNCED[year] if e.kind == DAY_OFF}
    assert offs[GIO_TO[year]].name.startswith("Giỗ Tổ Hùng Vương")
    tet_days = [d for d, e in offs.items() if e.name == "Nghỉ Tết Nguyên đán"]
    assert len(tet_days) == 5, "Tết is 5 days (Labour Code)"
    assert TET[year] in tet_days
    for fixed in ((1, 1), (4, 30), (5, 1), (9, 2)):
        assert date(year, *fixed) in offs


@pytest.mark.parametrize("year", range(2020, 2031))
def test_holidays_package_lunar_dates(year):
    h = holidays.country_holidays("VN", years=year, language="vi", observed=False)
    assert h.get(TET[year]) == "Tết Nguyên Đán"
    assert h.get(GIO_TO[year]) == "Ngày Giỗ Tổ Hùng Vương"


def test_confirmed_examples():
    by_date = {e.date: e for y in ANNOUNCED for e in ANNOUNCED[y]}
    for d in range(27, 32):
        e = by_date[date(2025, 1, d)]
        assert (e.kind, e.name) == (DAY_OFF, "Nghỉ Tết Nguyên đán")
        assert e.source.startswith("Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024")
    assert by_date[date(2025, 4, 26)] == ScheduleEntry(
        date(2025, 4, 26), WORKING_DAY, "Làm bù cho ngày 02/5/2025", seed_data.TB_2025
    )
    assert by_date[date(2025, 5, 2)].kind == DAY_OFF
    for d in range(16, 21):
        assert "9441/TB-BNV ngày 16/10/2025" in by_date[date(2026, 2, d)].source
    assert by_date[date(2024, 5, 4)].source.startswith("Công văn 2450/VPCP-KGVX ngày 12/04/2024")
    assert by_date[date(2026, 1, 10)].kind == WORKING_DAY
    assert by_date[date(2026, 8, 22)].kind == WORKING_DAY


def test_cultural_day_2026_is_kept_but_flagged():
    e = [x for x in ANNOUNCED[2026] if x.date == date(2026, 11, 24)][0]
    assert e.kind == DAY_OFF and e.name == "Ngày Văn hóa Việt Nam"
    assert e.source.startswith("UNCONFIRMED:")
    assert (e.confirmed, e.overridable) == (False, True)


@pytest.mark.parametrize("year", range(2020, 2027))
def test_announced_weekday_days_off_agree_with_the_package_except_known_differences(year):
    """The package (observed days included) and the announced schedules list the same Mon-Fri days
    off, except 02/01/2026 (swap announced 25/12/2025, not in holidays 0.109)."""
    pkg = {d for d in holidays.country_holidays("VN", years=year) if d.weekday() < 5}
    ours = {e.date for e in ANNOUNCED[year] if e.kind == DAY_OFF and e.date.weekday() < 5}
    assert ours - pkg <= {date(2026, 1, 2)}
    assert pkg - ours == set()


def test_holiday_entries_announced_years_win():
    got = holiday_entries(range(2024, 2027))
    assert got == sorted(list(ANNOUNCED[2024]) + list(ANNOUNCED[2025]) + list(ANNOUNCED[2026]),
                         key=lambda e: (e.date, e.kind))
    assert holiday_entries(2025) == list(ANNOUNCED[2025])


def test_holiday_entries_package_years():
    version = holidays.__version__
    got = holiday_entries(range(2027, 2031))
    assert {e.date.year for e in got} == {2027, 2028, 2029, 2030}
    for e in got:
        assert e.kind == DAY_OFF
        if "Văn hóa Việt Nam" in e.name:
            assert e.source.startswith("UNCONFIRMED:") and version in e.source
            assert e.overridable and not e.confirmed
        else:
            assert e.source == f"holidays package {version}"
            assert e.confirmed
    names = {e.date: e.name for e in got}
    assert names[TET[2027]] == "Tết Nguyên Đán"
    assert names[GIO_TO[2028]] == "Ngày Giỗ Tổ Hùng Vương"
    assert date(2029, 9, 4) in names  # 2/9/2029 is a Sunday: observed day
    assert {e.date for e in got if "Văn hóa" in e.name} >= {date(2027, 11, 24), date(2029, 11, 26)}


def test_holiday_entries_derives_make_up_days_from_package_swaps(monkeypatch):
    monkeypatch.delitem(seed_data.ANNOUNCED, 2024)
    got = holiday_entries([2024])
    swap = [e for e in got if e.kind == WORKING_DAY]
    assert [e.date for e in swap] == [date(2024, 5, 4)]
    assert swap[0].name == "Làm bù cho ngày 29/04/2024"
    assert swap[0].source.startswith(f"holidays package {holidays.__version__}")


def test_holiday_entries_is_sorted_and_covers_2020_2030():
    got = holiday_entries(range(2020, 2031))
    assert [(e.date, e.kind) for e in got] == sorted((e.date, e.kind) for e in got)
    assert {e.date.year for e in got} == set(range(2020, 2031))
    assert seed_data.holidays_package_version() == holidays.__version__
