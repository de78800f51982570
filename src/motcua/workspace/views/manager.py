"""A manager's view of their unit: open dossiers per officer, the overdue ones, those due this week."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import selectors as dossier_selectors

from .. import selectors
from ..decorators import officer_required
from .inbox import decorate


def week_end(now: dt.datetime) -> dt.datetime:
    """The end of the local calendar week (Sunday midnight): a report window, not a deadline."""
    local = timezone.localtime(now)
    monday = local.date() - dt.timedelta(days=local.weekday())
    return timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min))


@officer_required
def unit_view(request):
    units = selectors.managed_units(request.user)
    if not units:
        raise PermissionDenied(_("The unit view is for heads of division, leaders and centre managers."))
    chosen = next((u for u in units if u["key"] == request.GET.get("unit")), units[0])
    now, soon = dossier_selectors.deadline_window()
    load = dossier_selectors.unit_load(request.user, agency_path=chosen.get("agency_path", ""),
                                       centre_id=chosen.get("centre_id"), now=now, week_end=week_end(now))
    decorate(load.overdue, now, soon)
    decorate(load.due_this_week, now, soon)
    officers = {row["assignee_id"]: row for row in load.officers}
    staff = [] if chosen.get("centre_id") else dossier_selectors.officers_in_agency(chosen["agency"])
    rows = list(load.officers) + [
        {"assignee_id": o.pk, "assignee__full_name": o.get_full_name(), "assignee__username": o.username,
         "open": 0, "overdue": 0, "due_this_week": 0, "waiting": 0} for o in staff if o.pk not in officers]
    top = max([r["open"] for r in rows] + [1])
    for row in rows:
        row["share"] = round(100 * row["open"] / top)
    return render(request, "workspace/unit.html", {
        "units": units, "unit": chosen, "load": load, "rows": rows, "week_end": week_end(now) - dt.timedelta(seconds=1)})
