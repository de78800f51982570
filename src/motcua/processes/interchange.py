"""Processes as JSON: {"procedure": "1.001612.000.00.00.H53", "agency": "000.00.03.H53", "name": ...,
"steps": [{"code", "name", "action", "role", "duration_amount", "duration_unit", "next_steps", "division",
"partner_agency"}]}. Import goes through services.create_process (checked, then activated)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.organizations.models import Agency

from .models import Process
from .services import create_process


def process_as_dict(process: Process) -> dict:
    return {
        "procedure": process.procedure.localised_code, "agency": process.agency.code, "name": process.name,
        "steps": [{"code": s.code, "name": s.name, "action": s.action, "role": s.role,
                   "duration_amount": s.duration_amount, "duration_unit": s.duration_unit,
                   "next_steps": list(s.next_steps), "division": s.division.name if s.division_id else "",
                   "partner_agency": s.partner_agency.code if s.partner_agency_id else ""}
                  for s in process.steps.select_related("division", "partner_agency")],
    }


def import_process(*, actor, data: dict, activate: bool = True) -> Process:
    errors = {}
    procedure = Procedure.objects.filter(localised_code=data.get("procedure", "")).first()
    if procedure is None:
        errors["procedure"] = _("No procedure has the code %(code)s.") % {"code": data.get("procedure", "")}
    agency = Agency.objects.filter(code=data.get("agency", "")).first()
    if agency is None:
        errors["agency"] = _("no agency has the code %(code)s") % {"code": data.get("agency", "")}
    steps = data.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        errors["steps"] = _("A process needs at least one step.")
    if errors:
        raise ValidationError(errors)
    return create_process(actor=actor, procedure=procedure, agency=agency, name=data.get("name") or procedure.localised_code,
                          steps=steps, activate=activate)
