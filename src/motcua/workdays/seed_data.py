"""Civil-service holiday schedules of Vietnam (pure data + :func:`holiday_entries`; no Django).

:data:`ANNOUNCED` holds, for 2020-2026, every public holiday of the Labour Code and every day the
Government announced for civil servants ("cán bộ, công chức, viên chức"): Tết, compensatory days
("nghỉ bù", Labour Code 2019 Art. 111(3)) and swaps ("hoán đổi": a weekday off, a Saturday worked).
Each entry names the document it comes from.  Weekend holidays are listed too (they carry the name a
deadline explanation shows); ordinary weekends inside a holiday span are not.

For other years :func:`holiday_entries` falls back to the ``holidays`` package.  Entries whose source
starts with ``"UNCONFIRMED:"`` (e.g. 24/11 "Ngày Văn hóa Việt Nam") are kept as days off but flagged
``confirmed=False, overridable=True`` so an administrator can confirm or remove them.

Sources were checked against the texts or press reports of the documents cited (see docs/workdays.md,
"Sources of the seeded schedules").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

__all__ = [
    "DAY_OFF",
    "WORKING_DAY",
    "ScheduleEntry",
    "ANNOUNCED",
    "ANNOUNCED_YEARS",
    "holiday_entries",
    "holidays_package_version",
]

DAY_OFF = "day_off"
WORKING_DAY = "working_day"


class ScheduleEntry(NamedTuple):
    date: date
    kind: str  # DAY_OFF or WORKING_DAY
    name: str  # Vietnamese
    source: str  # document number and date, a law article, or "holidays package <version>"
    confirmed: bool = True
    overridable: bool = False  # an administrator is expected to review it (unconfirmed law)


# ---------------------------------------------------------------------------------------- sources
BLLD_2012 = "Bộ luật Lao động 2012 (Luật 10/2012/QH13), Điều 115 khoản 1"
BLLD_2019 = "Bộ luật Lao động 2019 (Luật 45/2019/QH14), Điều 112 khoản 1"
BLLD_2019_BU = "Bộ luật Lao động 2019 (Luật 45/2019/QH14), Điều 111 khoản 3 (nghỉ bù)"
TB_2020 = "Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 của Bộ Lao động - Thương binh và Xã hội"
TB_2021 = "Thông báo 4875/TB-LĐTBXH ngày 10/12/2020 của Bộ Lao động - Thương binh và Xã hội"
CV_2022 = "Công văn 245/VPCP-KGVX ngày 11/01/2022 của Văn phòng Chính phủ"
TB_2023 = (
    "Thông báo 5034/TB-LĐTBXH ngày 07/12/2022 của Bộ Lao động - Thương binh và Xã hội "
    "(theo Công văn 8056/VPCP-KGVX ngày 01/12/2022)"
)
TB_2024 = (
    "Công văn 8662/VPCP-KGVX ngày 03/11/2023 của Văn phòng Chính phủ; "
    "Thông báo 5014/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động - Thương binh và Xã hội"
)
CV_2024_304 = "Công văn 2450/VPCP-KGVX ngày 12/04/2024 của Văn phòng Chính phủ"
TB_2025 = (
    "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 của Bộ Lao động - Thương binh và Xã hội "
    "(theo Công văn 8726/VPCP-KGVX ngày 26/11/2024)"
)
CV_2026_TDL = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
TB_2026 = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ (theo Công văn 9859/VPCP-KGVX ngày 13/10/2025)"
UNCONFIRMED_VHVN = (
    "UNCONFIRMED: the holidays package (0.109) lists 24/11 'Ngày Văn hóa Việt Nam' as a paid day off "
    "from 2026, citing Resolution 80-NQ/TW; not among the holidays of Bộ luật Lao động 2019 Điều 112 "
    "as found — an administrator must confirm or remove it"
)

# ---------------------------------------------------------------------------------------- names
TDL = "Tết Dương lịch"
TET = "Nghỉ Tết Nguyên đán"
TET_BU = "Nghỉ bù Tết Nguyên đán"
GIO_TO = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
CT = "Ngày Chiến thắng (30/4)"
LD = "Ngày Quốc tế Lao động (1/5)"
QK = "Quốc khánh (2/9)"
QK_LK = "Nghỉ lễ Quốc khánh (ngày liền kề)"

_O, _W = DAY_OFF, WORKING_DAY

# (ISO date, kind, name, source)
_RAW: dict[int, tuple[tuple[str, str, str, str], ...]] = {
    2020: (
        ("2020-01-01", _O, TDL, BLLD_2012),
        ("2020-01-23", _O, TET, TB_2020),
        ("2020-01-24", _O, TET, TB_2020),
        ("2020-01-25", _O, TET, TB_2020),
        ("2020-01-26", _O, TET, TB_2020),
        ("2020-01-27", _O, TET, TB_2020),
        ("2020-01-28", _O, TET_BU, TB_2020),
        ("2020-01-29", _O, TET_BU, TB_2020),
        ("2020-04-02", _O, GIO_TO, BLLD_2012),
        ("2020-04-30", _O, CT, BLLD_2012),
        ("2020-05-01", _O, LD, BLLD_2012),
        ("2020-09-02", _O, QK, BLLD_2012),
    ),
    2021: (
        ("2021-01-01", _O, TDL, BLLD_2019),
        ("2021-02-10", _O, TET, TB_2021),
        ("2021-02-11", _O, TET, TB_2021),
        ("2021-02-12", _O, TET, TB_2021),
        ("2021-02-13", _O, TET, TB_2021),
        ("2021-02-14", _O, TET, TB_2021),
        ("2021-02-15", _O, TET_BU, TB_2021),
        ("2021-02-16", _O, TET_BU, TB_2021),
        ("2021-04-21", _O, GIO_TO, BLLD_2019),
        ("2021-04-30", _O, CT, BLLD_2019),
        ("2021-05-01", _O, LD, BLLD_2019),
        ("2021-05-03", _O, "Nghỉ bù Ngày Quốc tế Lao động", BLLD_2019_BU),
        ("2021-09-02", _O, QK, TB_2021),
        ("2021-09-03", _O, QK_LK, TB_2021),
    ),
    2022: (
        ("2022-01-01", _O, TDL, BLLD_2019),
        ("2022-01-03", _O, "Nghỉ bù Tết Dương lịch", BLLD_2019_BU),
        ("2022-01-31", _O, TET, CV_2022),
        ("2022-02-01", _O, TET, CV_2022),
        ("2022-02-02", _O, TET, CV_2022),
        ("2022-02-03", _O, TET, CV_2022),
        ("2022-02-04", _O, TET, CV_2022),
        ("2022-04-10", _O, GIO_TO, BLLD_2019),
        ("2022-04-11", _O, "Nghỉ bù Giỗ Tổ Hùng Vương", BLLD_2019_BU),
        ("2022-04-30", _O, CT, BLLD_2019),
        ("2022-05-01", _O, LD, BLLD_2019),
        ("2022-05-02", _O, "Nghỉ bù Ngày Chiến thắng", BLLD_2019_BU),
        ("2022-05-03", _O, "Nghỉ bù Ngày Quốc tế Lao động", BLLD_2019_BU),
        ("2022-09-01", _O, QK_LK, CV_2022),
        ("2022-09-02", _O, QK, CV_2022),
    ),
    2023: (
        ("2023-01-01", _O, TDL, BLLD_2019),
        ("2023-01-02", _O, "Nghỉ bù Tết Dương lịch", BLLD_2019_BU),
        ("2023-01-20", _O, TET, TB_2023),
        ("2023-01-21", _O, TET, TB_2023),
        ("2023-01-22", _O, TET, TB_2023),
        ("2023-01-23", _O, TET, TB_2023),
        ("2023-01-24", _O, TET, TB_2023),
        ("2023-01-25", _O, TET_BU, TB_2023),
        ("2023-01-26", _O, TET_BU, TB_2023),
        ("2023-04-29", _O, GIO_TO, BLLD_2019),
        ("2023-04-30", _O, CT, BLLD_2019),
        ("2023-05-01", _O, LD, BLLD_2019),
        ("2023-05-02", _O, "Nghỉ bù Giỗ Tổ Hùng Vương", BLLD_2019_BU),
        ("2023-05-03", _O, "Nghỉ bù Ngày Chiến thắng", BLLD_2019_BU),
        ("2023-09-01", _O, QK_LK, TB_2023),
        ("2023-09-02", _O, QK, TB_2023),
        ("2023-09-04", _O, "Nghỉ bù Quốc khánh", TB_2023),
    ),
    2024: (
        ("2024-01-01", _O, TDL, BLLD_2019),
        ("2024-02-08", _O, TET, TB_2024),
        ("2024-02-09", _O, TET, TB_2024),
        ("2024-02-10", _O, TET, TB_2024),
        ("2024-02-11", _O, TET, TB_2024),
        ("2024-02-12", _O, TET, TB_2024),
        ("2024-02-13", _O, TET_BU, TB_2024),
        ("2024-02-14", _O, TET_BU, TB_2024),
        ("2024-04-18", _O, GIO_TO, BLLD_2019),
        ("2024-04-29", _O, "Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)", CV_2024_304),
        ("2024-04-30", _O, CT, BLLD_2019),
        ("2024-05-01", _O, LD, BLLD_2019),
        ("2024-05-04", _W, "Làm bù cho ngày 29/4/2024", CV_2024_304),
        ("2024-09-02", _O, QK, TB_2024),
        ("2024-09-03", _O, QK_LK, TB_2024),
    ),
    2025: (
        ("2025-01-01", _O, TDL, BLLD_2019),
        ("2025-01-27", _O, TET, TB_2025),
        ("2025-01-28", _O, TET, TB_2025),
        ("2025-01-29", _O, TET, TB_2025),
        ("2025-01-30", _O, TET, TB_2025),
        ("2025-01-31", _O, TET, TB_2025),
        ("2025-04-07", _O, GIO_TO, BLLD_2019),
        ("2025-04-26", _W, "Làm bù cho ngày 02/5/2025", TB_2025),
        ("2025-04-30", _O, CT, BLLD_2019),
        ("2025-05-01", _O, LD, BLLD_2019),
        ("2025-05-02", _O, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", TB_2025),
        ("2025-09-01", _O, QK_LK, TB_2025),
        ("2025-09-02", _O, QK, TB_2025),
    ),
    2026: (
        ("2026-01-01", _O, TDL, BLLD_2019),
        ("2026-01-02", _O, "Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)", CV_2026_TDL),
        ("2026-01-10", _W, "Làm bù cho ngày 02/01/2026", CV_2026_TDL),
        ("2026-02-16", _O, TET, TB_2026),
        ("2026-02-17", _O, TET, TB_2026),
        ("2026-02-18", _O, TET, TB_2026),
        ("2026-02-19", _O, TET, TB_2026),
        ("2026-02-20", _O, TET, TB_2026),
        ("2026-04-26", _O, GIO_TO, BLLD_2019),
        ("2026-04-27", _O, "Nghỉ bù Giỗ Tổ Hùng Vương", BLLD_2019_BU),
        ("2026-04-30", _O, CT, BLLD_2019),
        ("2026-05-01", _O, LD, BLLD_2019),
        ("2026-08-22", _W, "Làm bù cho ngày 31/8/2026", TB_2026),
        ("2026-08-31", _O, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", TB_2026),
        ("2026-09-01", _O, QK_LK, TB_2026),
        ("2026-09-02", _O, QK, TB_2026),
        ("2026-11-24", _O, "Ngày Văn hóa Việt Nam", UNCONFIRMED_VHVN),
    ),
}


def _entry(iso: str, kind: str, name: str, source: str) -> ScheduleEntry:
    unconfirmed = source.startswith("UNCONFIRMED")
    return ScheduleEntry(date.fromisoformat(iso), kind, name, source, not unconfirmed, unconfirmed)


#: year -> the Government's announced civil-service schedule for that year (sorted by date)
ANNOUNCED: dict[int, tuple[ScheduleEntry, ...]] = {
    year: tuple(sorted((_entry(*row) for row in rows), key=lambda e: e.date)) for year, rows in _RAW.items()
}
ANNOUNCED_YEARS = tuple(sorted(ANNOUNCED))

_SUBSTITUTED = re.compile(r"thay cho ngày (\d{1,2})/(\d{1,2})/(\d{4})")


def holidays_package_version() -> str:
    import holidays

    return holidays.__version__


def holiday_entries(years: int | Iterable[int]) -> list[ScheduleEntry]:
    """Days off and make-up working days for ``years`` (e.g. ``range(2020, 2031)``), sorted by date.

    A year in :data:`ANNOUNCED` uses the announced schedule (it wins over the package for that whole
    year).  Other years use ``holidays.country_holidays("VN", language="vi")`` with source
    ``"holidays package <version>"``; a package day "Ngày nghỉ (thay cho ngày DD/MM/YYYY)" also yields
    the make-up working day DD/MM/YYYY.  24/11 "Ngày Văn hóa Việt Nam" (and its "nghỉ bù") is kept but
    marked UNCONFIRMED / overridable.
    """
    if isinstance(years, int):
        years = [years]
    ys = sorted({int(y) for y in years})
    out: list[ScheduleEntry] = []
    pkg_years = [y for y in ys if y not in ANNOUNCED]
    for y in ys:
        if y in ANNOUNCED:
            out.extend(ANNOUNCED[y])
    if pkg_years:
        import holidays

        version = holidays.__version__
        src = f"holidays package {version}"
        cal = holidays.country_holidays("VN", years=pkg_years, language="vi")
        for d, name in sorted(cal.items()):
            if d.year not in pkg_years:
                continue
            if "Văn hóa Việt Nam" in name:
                source = UNCONFIRMED_VHVN.replace("(0.109)", f"({version})")
                out.append(ScheduleEntry(d, DAY_OFF, name, source, False, True))
            else:
                out.append(ScheduleEntry(d, DAY_OFF, name, src))
            m = _SUBSTITUTED.search(name)
            if m:
                wd = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                out.append(
                    ScheduleEntry(wd, WORKING_DAY, f"Làm bù cho ngày {d:%d/%m/%Y}", f"{src} (suy ra từ: {name})")
                )
    out.sort(key=lambda e: (e.date, e.kind))
    return out
