"""Writes for organisations. Each function: keyword-only arguments, one transaction, permission and
validity checked, an audit event recorded. ``actor=None`` means the system itself (management commands)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.events import record_event

from . import cache
from .models import Agency, Counter, Delegation, Division, Membership, ServiceCentre
from .roles import GLOBAL_ROLES
from .selectors import forget_scope, scope_for

_AGENCY_FIELDS = ("code", "name", "short_name", "kind", "parent", "administrative_unit", "valid_from", "valid_to",
                  "successor")


def _require(actor, perm: str, obj) -> None:
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to change this record."))


def _path_of(agency: Agency) -> str:
    return f"{agency.parent.path if agency.parent_id else '/'}{agency.pk}/"


def _check_parent(agency: Agency) -> None:
    """Refuses a parent that is the agency itself or one of its descendants."""
    ancestor, seen = agency.parent, set()
    while ancestor is not None:
        if agency.pk is not None and ancestor.pk == agency.pk:
            raise ValidationError({"parent": _("An agency cannot be placed under itself or one of its own units.")})
        if ancestor.pk in seen:
            break
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def _save_agency(agency: Agency) -> Agency:
    _check_parent(agency)
    agency.full_clean(exclude=["path"])
    old_path = agency.path
    agency.save()
    new_path = _path_of(agency)
    if new_path != old_path:
        Agency.objects.filter(pk=agency.pk).update(path=new_path)
        cache.changed()  # an UPDATE sends no signal
        agency.path = new_path
        if old_path:
            # Move the subtree: every descendant's path starts with the old one.
            for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk):
                child.path = new_path + child.path[len(old_path):]
                child.save(update_fields=["path"])
    return agency


@transaction.atomic
def create_agency(*, actor, code: str, name: str, kind: str, administrative_unit, parent=None, short_name: str = "",
                  valid_from=None, valid_to=None) -> Agency:
    if parent is not None:
        _require(actor, "organizations.add_agency", parent)
    elif actor is not None and not scope_for(actor).is_global_editor:
        raise PermissionDenied(_("Only a system administrator can create a top-level agency."))
    agency = Agency(code=code, name=name, kind=kind, administrative_unit=administrative_unit, parent=parent,
                    short_name=short_name, valid_from=valid_from, valid_to=valid_to)
    _save_agency(agency)
    record_event(actor=actor, kind="organizations.agency_created", subject=agency, payload={"code": code})
    return agency


@transaction.atomic
def update_agency(*, actor, agency: Agency, **changes) -> Agency:
    unknown = set(changes) - set(_AGENCY_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    _require(actor, "organizations.change_agency", locked)
    if "parent" in changes and changes["parent"] is not None:
        _require(actor, "organizations.change_agency", changes["parent"])
    before = {name: str(getattr(locked, name)) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    _save_agency(locked)
    record_event(actor=actor, kind="organizations.agency_updated", subject=locked,
                 payload={"before": before, "after": {name: str(getattr(locked, name)) for name in changes}})
    return locked


@transaction.atomic
def create_division(*, actor, agency: Agency, name: str, code: str = "", valid_from=None, valid_to=None) -> Division:
    _require(actor, "organizations.add_division", Division(agency=agency))
    division = Division(agency=agency, name=name, code=code, valid_from=valid_from, valid_to=valid_to)
    division.full_clean()
    division.save()
    record_event(actor=actor, kind="organizations.division_created", subject=division, payload={"name": name})
    return division


@transaction.atomic
def create_service_centre(*, actor, name: str, level: str, agency: Agency, administrative_unit, code=None,
                          address: str = "", phone: str = "", counters: int = 0) -> ServiceCentre:
    _require(actor, "organizations.add_servicecentre", agency)
    centre = ServiceCentre(name=name, level=level, agency=agency, administrative_unit=administrative_unit,
                           code=code or None, address=address, phone=phone)
    centre.full_clean()
    centre.save()
    for number in range(1, counters + 1):
        Counter.objects.create(service_centre=centre, number=number, name=_("Counter %(number)d") % {"number": number})
    record_event(actor=actor, kind="organizations.service_centre_created", subject=centre,
                 payload={"name": name, "counters": counters})
    return centre


@transaction.atomic
def grant_membership(*, actor, user, role: str, agency=None, division=None, service_centre=None,
                     valid_from=None, valid_to=None) -> Membership:
    membership = Membership(user=user, role=role, agency=agency, division=division, service_centre=service_centre,
                            valid_from=valid_from, valid_to=valid_to)
    if actor is not None:
        if role in GLOBAL_ROLES and agency is None and service_centre is None:
            if not scope_for(actor).is_global_editor:
                raise PermissionDenied(_("Only a system administrator can grant a system-wide role."))
        else:
            _require(actor, "organizations.add_membership", membership)
    membership.full_clean()
    membership.save()
    forget_scope(user)
    record_event(actor=actor, kind="organizations.membership_granted", subject=membership,
                 payload={"user": user.pk, "role": role})
    return membership


@transaction.atomic
def delegate_membership(*, actor, membership: Membership, delegate, valid_from, valid_to, reason: str) -> Delegation:
    if actor is not None and actor.pk != membership.user_id:
        _require(actor, "organizations.change_membership", membership)
    errors = {}
    if delegate.pk == membership.user_id:
        errors["delegate"] = _("An officer cannot delegate to themselves.")
    if valid_to < valid_from:
        errors["valid_to"] = _("The end of validity cannot be before its start.")
    if membership.valid_from and valid_from < membership.valid_from:
        errors["valid_from"] = _("The delegation cannot start before the delegated membership does.")
    if membership.valid_to and valid_to > membership.valid_to:
        errors["valid_to"] = _("The delegation cannot end after the delegated membership does.")
    if not reason.strip():
        errors["reason"] = _("State the reason for the delegation.")
    if errors:
        raise ValidationError(errors)
    delegation = Delegation.objects.create(membership=membership, delegate=delegate, valid_from=valid_from,
                                           valid_to=valid_to, reason=reason.strip())
    forget_scope(delegate)
    record_event(actor=actor, kind="organizations.delegation_granted", subject=delegation,
                 payload={"membership": membership.pk, "delegate": delegate.pk})
    return delegation
