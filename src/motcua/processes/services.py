"""Writes for processes: create one from a description (JSON import uses the same path), check it,
activate it (retiring the previous active one). An active process is never edited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.events import record_event
from motcua.organizations.models import Agency, Division
from motcua.organizations.selectors import scope_for
from motcua.workdays.selectors import engine_calendar

from . import graph
from .models import Process, Step

STEP_KEYS = ("code", "name", "action", "role", "duration_amount", "duration_unit", "next_steps")


def _require(actor, agency) -> None:
    if actor is None:
        return
    scope = scope_for(actor)
    if not (scope.is_global_editor or scope.edits_path(agency.path)):
        raise PermissionDenied(_("Only a system administrator or a leader of the agency can change its processes."))


def hours_per_working_day(calendar_code: str = "VN") -> float:
    """Office hours of a normal Monday in the calendar (7.5 with 07:30–11:30 and 13:30–17:00)."""
    import datetime as dt

    calendar = engine_calendar(calendar_code)
    day = calendar.first + dt.timedelta(days=(7 - calendar.first.weekday()) % 7)
    while not calendar.office_hours(day) and day < calendar.last:
        day += dt.timedelta(days=7)
    seconds = sum((dt.datetime.combine(day, close) - dt.datetime.combine(day, open_)).total_seconds()
                  for open_, close in calendar.office_hours(day))
    return seconds / 3600 or 8.0


def check(procedure_version, steps: list[dict]) -> list[graph.GraphProblem]:
    return graph.check_steps(steps, limit_amount=procedure_version.processing_amount,
                             limit_unit=procedure_version.processing_unit, hours_per_day=hours_per_working_day(),
                             translate=_)


@transaction.atomic
def create_process(*, actor, procedure, agency: Agency, name: str, steps: list[dict], activate: bool = True
                   ) -> Process:
    _require(actor, agency)
    version = procedure.current_version
    if version is None:
        raise ValidationError({"procedure": _("The procedure has no published version.")})
    problems = check(version, steps)
    if problems:
        raise ValidationError({problem.field: problem.message for problem in problems})
    number = (Process.objects.filter(procedure=procedure, agency=agency).order_by("-number")
              .values_list("number", flat=True).first() or 0) + 1
    process = Process.objects.create(procedure=procedure, agency=agency, number=number, name=name)
    divisions = {d.name: d for d in Division.objects.filter(agency=agency)}
    partners = {a.code: a for a in Agency.objects.filter(code__in=[s.get("partner_agency") for s in steps if
                                                                   s.get("partner_agency")])}
    for position, s in enumerate(steps, start=1):
        step = Step(process=process, position=position, division=divisions.get(s.get("division", "")),
                    partner_agency=partners.get(s.get("partner_agency", "")),
                    **{key: s[key] for key in STEP_KEYS})
        step.full_clean(exclude=["process"])
        step.save()
    record_event(actor=actor, kind="processes.created", subject=process, payload={"steps": len(steps)})
    if activate:
        activate_process(actor=actor, process=process)
    return process


@transaction.atomic
def activate_process(*, actor, process: Process) -> Process:
    _require(actor, process.agency)
    Process.objects.filter(procedure=process.procedure, agency=process.agency, status=Process.Status.ACTIVE).exclude(
        pk=process.pk).update(status=Process.Status.RETIRED)
    process.status, process.activated_at = Process.Status.ACTIVE, timezone.now()
    process.save(update_fields=["status", "activated_at"])
    record_event(actor=actor, kind="processes.activated", subject=process, payload={"number": process.number})
    return process
