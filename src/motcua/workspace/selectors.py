"""Reads of the officer workspace that are not about one dossier: the agencies that decide a procedure
at the counter, the officers an officer may assign to, and the units a manager oversees."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from motcua.catalog.models import Field, ProcedureVersion
from motcua.dossiers.selectors import WORK_ROLES, unit_roles
from motcua.organizations.models import Agency, Membership, ServiceCentre
from motcua.organizations.roles import Role
from motcua.organizations.selectors import scope_for
from motcua.processes.models import Process

MANAGER_ROLES = (Role.DIVISION_HEAD, Role.AGENCY_LEADER, Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN)


def intake_version(pk) -> ProcedureVersion | None:
    """A published procedure version with what the intake form shows (3 queries)."""
    return (ProcedureVersion.objects.filter(pk=pk, status=ProcedureVersion.Status.PUBLISHED)
            .select_related("procedure__field").prefetch_related("components", "fees").first())


def deciding_agencies(user, version, centre=None) -> list[Agency]:
    """Agencies in the officer's scope with an active internal process for the procedure (a dossier can
    only be received for one of them). The likeliest first: the centre's own agency (a commune centre),
    then departments, then the other units."""
    scope = scope_for(user)
    processes = Process.objects.filter(procedure_id=version.procedure_id, status=Process.Status.ACTIVE).filter(
        scope.agency_filter("agency__"))
    agencies = Agency.objects.filter(pk__in=processes.values("agency_id")).order_by("path", "code")
    own = centre.agency_id if centre is not None else None
    return sorted(agencies, key=lambda a: (a.pk != own, a.kind != Agency.Kind.DEPARTMENT))


def receiving_centre(user) -> ServiceCentre | None:
    centres = sorted(scope_for(user).centre_ids)
    return ServiceCentre.objects.select_related("agency").filter(pk__in=centres).order_by("pk").first()


def assignable_officers(user) -> list:
    """Specialists, heads of division and leaders in the agencies the officer reads (one query)."""
    scope = scope_for(user)
    memberships = Membership.objects.valid_on(timezone.localdate()).filter(role__in=WORK_ROLES)
    if not scope.is_global_reader:
        memberships = memberships.filter(scope.agency_filter("agency__"))
    return list(get_user_model().objects.filter(pk__in=memberships.values("user_id"), is_active=True)
                .order_by("full_name", "username"))


def fields() -> list[Field]:
    return list(Field.objects.order_by("position", "name"))


def manages_a_unit(user) -> bool:
    """Whether the user leads a unit (the unit view is theirs): no query beyond the request's roles."""
    return any(u.role in MANAGER_ROLES for u in unit_roles(user))


def managed_units(user) -> list[dict]:
    """The units the user leads: {"key": "agency:ID" | "centre:ID", "name", "path"/"centre_id"}."""
    units = [u for u in unit_roles(user) if u.role in MANAGER_ROLES]
    agency_paths = sorted({u.agency_path for u in units if u.agency_path and not u.centre_id})
    centre_ids = sorted({u.centre_id for u in units if u.centre_id})
    condition = Q(pk__in=[])
    for path in agency_paths:
        condition |= Q(path=path)
    result = [{"key": f"agency:{a.pk}", "name": a.name, "agency_path": a.path, "agency": a}
              for a in Agency.objects.filter(condition).order_by("path")] if agency_paths else []
    if centre_ids:
        result += [{"key": f"centre:{c.pk}", "name": c.name, "centre_id": c.pk, "agency": c.agency}
                   for c in ServiceCentre.objects.filter(pk__in=centre_ids).select_related("agency").order_by("pk")]
    return result
