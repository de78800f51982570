"""Dossier codes: receiving agency code + receipt date + sequence, e.g. 000.00.53.H48-220921-0099.
Pure module (no Django)."""

from __future__ import annotations

import re
from datetime import date

CODE = re.compile(r"^(?P<agency>\d{3}\.\d{2}\.\d{2}\.[GH]\d{2})-(?P<day>\d{6})-(?P<seq>\d{4,})$")


def dossier_code(agency_code: str, day: date, sequence: int) -> str:
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{agency_code}-{day:%y%m%d}-{sequence:04d}"


def parse(code: str) -> tuple[str, date, int] | None:
    match = CODE.match(code.strip())
    if not match:
        return None
    day = match["day"]
    return match["agency"], date(2000 + int(day[:2]), int(day[2:4]), int(day[4:])), int(match["seq"])
