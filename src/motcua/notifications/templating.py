"""Message templates: plain text with {placeholders}. Only the names below are filled in (no attribute
access, no filters), so an administrator editing a template cannot reach anything else; due instants
come from the working-day engine and are written in Vietnam's time (Asia/Ho_Chi_Minh)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.workdays.engine import DEFAULT_TZ

VIETNAM = ZoneInfo(DEFAULT_TZ)
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# {code} dossier code, {applicant_name}, {procedure} procedure name, {due} due instant of the dossier,
# {step} / {step_due} current step and its due instant, {new_due} / {previous_due} of a reschedule,
# {reason}, {items} documents to supplement, {amount} money asked for, {centre} where the dossier was received,
# {assignee_name}, {deadline} / {deadline_at} / {remaining} of a deadline warning, {site} the system's name,
# {tracking_url} the public tracking page, {rating_url} the applicant's rating page (citizen portal).
PLACEHOLDERS = ("code", "applicant_name", "procedure", "due", "step", "step_due", "new_due", "previous_due",
                "reason", "items", "amount", "centre", "assignee_name", "deadline", "deadline_at", "remaining",
                "site", "tracking_url", "rating_url")


def braced(names) -> str:
    return ", ".join("{" + name + "}" for name in names)


HELP = format_lazy(_("Placeholders: {names}."), names=braced(PLACEHOLDERS))


def unknown_placeholders(template: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(template or "") if name not in PLACEHOLDERS})


def render(template: str, context: dict) -> str:
    """Fills the known placeholders; an unknown one is left as written (admin validation rejects it)."""
    def fill(match):
        name = match.group(1)
        return str(context.get(name, "")) if name in PLACEHOLDERS else match.group(0)

    return PLACEHOLDER.sub(fill, template or "").strip()


def format_instant(value) -> str:
    """'17:00 ngày 12/03/2026' in Vietnam's time; a due instant at the end of a day (calendar-day periods
    end at 23:59:59.999999) is written as the date alone."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    local = value.astimezone(VIETNAM)
    if (local.hour, local.minute) == (23, 59):
        return f"ngày {local:%d/%m/%Y}"
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def format_amount(amount) -> str:
    """1500000 -> '1.500.000 đồng'."""
    try:
        return f"{int(amount):,} đồng".replace(",", ".")
    except (TypeError, ValueError):
        return ""


def format_working_time(microseconds: int | None) -> str:
    """Working time left: '4 giờ 30 phút làm việc'; whole days are not guessed from hours (office hours
    differ per calendar), so this is in hours and minutes."""
    if microseconds is None:
        return ""
    minutes = max(0, round(microseconds / 60_000_000))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} giờ {minutes} phút làm việc"
    if hours:
        return f"{hours} giờ làm việc"
    return f"{minutes} phút làm việc"
