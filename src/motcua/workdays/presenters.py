"""Engine results in the user's language, for the CLI and the pages (one wording for both)."""

from django.utils import formats
from django.utils.translation import gettext as _

from .ontime import EARLY, ON_TIME, OVERDUE


def start_notes():
    return {
        None: _("Received within office hours."),
        "before_opening": _("Received before opening: counted from the opening."),
        "between_sessions": _("Received during the lunch break: counted from the next session."),
        "after_closing": _("Received after office hours: counted from the next working day."),
        "day_off": _("Received on a day off: counted from the next working day."),
        "after_cutoff": _("Received after the cut-off time: counted from the next working day."),
    }


def status_labels():
    return {EARLY: _("Early"), ON_TIME: _("On time"), OVERDUE: _("Overdue")}


def duration_label(duration) -> str:
    labels = {
        "wd": _("%(n)d working day(s)"), "wh": _("%(n)d working hour(s)"), "d": _("%(n)d calendar day(s)"),
        "mo": _("%(n)d month(s)"), "same_day": _("within the working day"),
    }
    return labels[duration.unit] % {"n": duration.amount}


def instant(value) -> str:
    """'09:00, 24/01/2025 (Thứ Sáu)' in the active language."""
    return f"{value:%H:%M}, {value:%d/%m/%Y} ({formats.date_format(value, 'l')})"


def working_hours(seconds: float) -> str:
    hours = abs(seconds) / 3600
    return _("%(hours)s working hour(s)") % {"hours": f"{hours:.2f}".rstrip("0").rstrip(".")}


def due_as_dict(result) -> dict:
    data = result.as_dict()
    data["start_note"] = start_notes()[result.start_reason]
    data["duration_label"] = duration_label(result.duration)
    return data


def due_as_text(result) -> str:
    lines = [
        _("Due: %(due)s") % {"due": result.due_at.isoformat()},
        _("Received: %(at)s") % {"at": instant(result.received_at.astimezone(result.due_at.tzinfo))},
        _("Counting starts: %(at)s — %(note)s") % {"at": instant(result.start_at),
                                                  "note": start_notes()[result.start_reason]},
        _("Time limit: %(limit)s") % {"limit": duration_label(result.duration)},
    ]
    if result.pause_seconds:
        lines.append(_("Paused for supplementation: %(hours)s added") % {"hours": working_hours(result.pause_seconds)})
    for day in result.skipped_days:
        lines.append(_("Not counted: %(day)s — %(name)s (%(source)s)") % {
            "day": f"{formats.date_format(day.date, 'l')} {day.date:%d/%m/%Y}", "name": day.name,
            "source": day.source})
    lines.append(_("Due date: %(at)s") % {"at": instant(result.due_at)})
    return "\n".join(lines)


def check_reason(result) -> str:
    if result.supplementations > 1:
        return _("Supplementation was requested %(n)d times (more than once): counted as overdue.") % {
            "n": result.supplementations}
    if result.status == OVERDUE:
        return _("Finished %(late)s after the due instant %(due)s.") % {
            "late": working_hours(result.delta_seconds), "due": instant(result.due_at)}
    if result.status == EARLY:
        return _("Finished before the due date (%(due)s), %(early)s early.") % {
            "due": instant(result.due_at), "early": working_hours(result.delta_seconds)}
    return _("Finished on the due date, not later than %(due)s.") % {"due": instant(result.due_at)}


def check_as_dict(result) -> dict:
    data = result.as_dict()
    data["label"] = status_labels()[result.status]
    data["reason"] = check_reason(result)
    return data


def check_as_text(result) -> str:
    return "\n".join([
        f"{result.status}: {status_labels()[result.status]}",
        check_reason(result),
        _("Effective due instant (after pauses): %(due)s") % {"due": result.due_at.isoformat()},
        _("Difference: %(seconds)+.0f seconds of office time (positive = late)") % {"seconds": result.delta_seconds},
    ])
