"""Reads for the forms: a dossier with everything its forms print, and the rows of the register."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Max, Q

from motcua.dossiers.models import Dossier

from .vietnamese import VN_TZ

DOSSIER_RELATED = (
    "procedure_version__procedure", "process", "current_step", "receiving_centre__agency",
    "receiving_centre__administrative_unit", "receiving_agency__parent", "receiving_agency__administrative_unit",
    "deciding_agency__parent", "deciding_agency__administrative_unit", "parent",
)


def dossier_by_key(key: str) -> Dossier | None:
    """The dossier whose code is ``key`` or, for one never received (guided, refused), whose reference is."""
    dossiers = Dossier.objects.select_related(*DOSSIER_RELATED)
    try:
        reference = uuid.UUID(key)
    except ValueError:
        return dossiers.filter(code=key).first()
    return dossiers.filter(reference=reference).first()


def local_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Vietnam's time."""
    return (dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ))


def register_dossiers(*, start: dt.date, end: dt.date, centre=None, agency=None):
    """Dossiers received between ``start`` and ``end`` (whole days, Vietnam's time) by the centre, or by the
    agency (directly, or as the partner of an inter-agency dossier), in order of receipt."""
    if (centre is None) == (agency is None):
        raise ValueError("give a centre or an agency")
    since, until = local_day_bounds(start, end)
    unit = Q(receiving_centre=centre) if centre is not None else Q(receiving_agency=agency, receiving_centre__isnull=True)
    return (Dossier.objects.filter(unit, received_at__gte=since, received_at__lt=until)
            .select_related(*DOSSIER_RELATED)
            .annotate(sets=Max("components__copies"))
            .order_by("received_at", "id"))
