"""How Vietnamese administrative documents write dates, times, places and quantities (Decree 30/2020/NĐ-CP
on clerical work). Pure module (no Django).

* A day below 10 and the months 1 and 2 take a leading zero: "ngày 05 tháng 01 năm 2026",
  "ngày 09 tháng 3 năm 2026".
* Times are written "09 giờ 30 phút".
* The place in "Tây Ninh, ngày …" is the unit's name without its kind ("Tỉnh", "Phường", "Xã", …).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DOTS = "……"

# Longest first: "Thành phố" before "Thị xã" and "Xã".
UNIT_KINDS = ("Thành phố", "Đặc khu", "Thị trấn", "Thị xã", "Phường", "Quận", "Huyện", "Tỉnh", "Xã")

DURATION_UNITS = {
    "wd": "ngày làm việc",
    "wh": "giờ làm việc",
    "d": "ngày",
    "mo": "tháng",
}


def nfc(text: str | None) -> str:
    """Composed Unicode, so that every letter with its marks is one character of the embedded font."""
    return unicodedata.normalize("NFC", text or "")


def local(moment: dt.datetime | None) -> dt.datetime | None:
    """An aware datetime in Vietnam's time (Asia/Ho_Chi_Minh), whatever time zone is active."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(VN_TZ)


def two_digits(number: int) -> str:
    return f"{number:02d}"


def _day(day: int) -> str:
    return f"{day:02d}"


def _month(month: int) -> str:
    return f"{month:02d}" if month < 3 else str(month)


def date_words(day: dt.date | dt.datetime | None) -> str:
    """'ngày 09 tháng 3 năm 2026' (a datetime is converted to Vietnam's time first)."""
    if day is None:
        return f"ngày {DOTS} tháng {DOTS} năm {DOTS}"
    if isinstance(day, dt.datetime):
        day = local(day).date()
    return f"ngày {_day(day.day)} tháng {_month(day.month)} năm {day.year}"


def time_words(moment: dt.datetime | None) -> str:
    """'09 giờ 00 phút, ngày 09 tháng 3 năm 2026'."""
    if moment is None:
        return f"{DOTS} giờ {DOTS} phút, {date_words(None)}"
    moment = local(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {date_words(moment)}"


def short_date(day: dt.date | dt.datetime | None) -> str:
    """'09/03/2026' (or '' when there is no date)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = local(day).date()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def short_time(moment: dt.datetime | None) -> str:
    """'09 giờ 00 phút, ngày 09/03/2026', the form of the process control slip (Mẫu 05)."""
    if moment is None:
        return f"{DOTS} giờ {DOTS} phút, ngày {DOTS}/{DOTS}/{DOTS}"
    moment = local(moment)
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {short_date(moment)}"


def clock(moment: dt.datetime | None) -> tuple[str, str]:
    """('09:00', '09/03/2026'), for the narrow columns of the register (two empty strings without a time)."""
    if moment is None:
        return "", ""
    moment = local(moment)
    return f"{moment:%H:%M}", short_date(moment)


def place_name(unit_name: str) -> str:
    """'Tỉnh Tây Ninh' → 'Tây Ninh', 'Phường Tân Ninh' → 'Tân Ninh'."""
    name = nfc(unit_name).strip()
    for kind in UNIT_KINDS:
        if name.lower().startswith(kind.lower() + " "):
            return name[len(kind) + 1:].strip()
    return name


def duration_words(amount: int | None, unit: str | None, note: str = "") -> str:
    """The legal processing time: '03 ngày làm việc', 'Trong ngày'."""
    if unit == "same_day":
        return "Trong ngày"
    if not amount or unit not in DURATION_UNITS:
        return nfc(note) or DOTS
    return f"{two_digits(amount)} {DURATION_UNITS[unit]}"


# Decree 30/2020 allows the managing body's name to shorten these common phrases.
ABBREVIATIONS = (("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"))


def abbreviate(name: str) -> str:
    """'Ủy ban nhân dân tỉnh Tây Ninh' → 'UBND tỉnh Tây Ninh' (for the managing body's line only)."""
    name = nfc(name)
    for long, short in ABBREVIATIONS:
        if name.lower().startswith(long.lower()):
            return short + name[len(long):]
    return name


def upper(text: str) -> str:
    """Upper case that keeps every Vietnamese mark ('Ủy ban' → 'ỦY BAN')."""
    return nfc(nfc(text).upper())
