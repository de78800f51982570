"""Officer pages of the working-day calendar: compute a deadline ("Tính hạn xử lý") and the year view.
Both call the same engine calendar as the CLI (workdays.selectors.engine_calendar)."""

import calendar as pycalendar
import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.workdays import presenters
from motcua.workdays.errors import WorkdaysError
from motcua.workdays.messages import describe
from motcua.workdays.selectors import calendars, engine_calendar

from ..decorators import officer_required
from ..forms_workdays import CheckForm, DueForm


def _field_of(form, argument: str):
    name = argument.split("[", 1)[0].removeprefix("--")
    return name if name in form.fields else None


@officer_required
def deadline(request):
    options = list(calendars())
    mode = request.POST.get("mode", "due") if request.method == "POST" else "due"
    posted = request.POST if request.method == "POST" else None
    due_form = DueForm(posted if mode == "due" else None, calendars=options, prefix="due")
    check_form = CheckForm(posted if mode == "check" else None, calendars=options, prefix="check")
    form = due_form if mode == "due" else check_form
    result = None
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            engine = engine_calendar(data["calendar"])
            if mode == "due":
                due = engine.due(data["received_at"], data["duration"], cutoff=data["cutoff"], pauses=data["pauses"])
                result = {"mode": "due", "due": due, "start_note": presenters.start_notes()[due.start_reason],
                          "duration_label": presenters.duration_label(due.duration)}
            else:
                check = engine.classify(data["due_at"], data["end_at"], pauses=data["pauses"],
                                        supplementations=data["supplementations"])
                result = {"mode": "check", "check": check, "label": presenters.status_labels()[check.status],
                          "reason": presenters.check_reason(check)}
        except WorkdaysError as error:
            form.add_error(_field_of(form, error.argument), describe(error))
    context = {"due_form": due_form, "check_form": check_form, "mode": mode, "result": result}
    if request.headers.get("HX-Request"):
        return render(request, "workspace/_deadline_panel.html", context)
    return render(request, "workspace/deadline.html", context)


@officer_required
def calendar_year(request):
    options = list(calendars())
    code = request.GET.get("calendar") or (options[0].code if options else "")
    error, months, days_off, working, engine = None, [], [], [], None
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year, error = timezone.localdate().year, _("year: write the year as a number, for example 2026.")
    try:
        engine = engine_calendar(code)
        if not engine.first.year <= year <= engine.last.year:
            error = _("year: the calendar covers %(first)d–%(last)d only.") % {
                "first": engine.first.year, "last": engine.last.year}
            year = min(max(year, engine.first.year), engine.last.year)
        days_off = engine.days_off(year)
        working = engine.working_weekend_days(year)
        months = _months(engine, year)
    except WorkdaysError as failure:
        error = describe(failure)
    return render(request, "workspace/calendar_year.html", {
        "calendars": options, "code": code, "year": year, "months": months, "days_off": days_off,
        "working_weekend_days": working, "error": error, "engine": engine,
        "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    })


def _months(engine, year: int) -> list[dict]:
    grid = pycalendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in grid.monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                info = engine.day_info(day)
                weekend = day.weekday() >= 5
                if info.working and weekend:
                    css = "day-extra"
                elif not info.working and not weekend:
                    css = "day-off"
                elif not info.working:
                    css = "day-weekend"
                else:
                    css = ""
                cells.append({"date": day, "css": css, "title": info.name if css in ("day-extra", "day-off") else ""})
            weeks.append(cells)
        months.append({"number": month, "first": dt.date(year, month, 1), "weeks": weeks})
    return months
