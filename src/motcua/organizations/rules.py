"""Object-level permissions (django-rules) for organisation records, all derived from the officer's scope."""

import rules

from .models import Agency, Counter, Division, Membership, ServiceCentre
from .selectors import scope_for


def _agency_path(obj) -> str | None:
    if isinstance(obj, Agency):
        return obj.path
    if isinstance(obj, Division):
        return obj.agency.path
    if isinstance(obj, Membership) and obj.agency_id:
        return obj.agency.path
    return None


def _centre(obj):
    if isinstance(obj, ServiceCentre):
        return obj
    if isinstance(obj, Counter):
        return obj.service_centre
    if isinstance(obj, Membership) and obj.service_centre_id:
        return obj.service_centre
    return None


@rules.predicate
def reads_object(user, obj) -> bool:
    scope = scope_for(user)
    if obj is None:
        return scope.is_officer or scope.is_global_reader
    path, centre = _agency_path(obj), _centre(obj)
    return (path is not None and scope.reads_path(path)) or (centre is not None and scope.reads_centre(centre))


@rules.predicate
def edits_object(user, obj) -> bool:
    scope = scope_for(user)
    if obj is None:
        return bool(scope.editable_agency_paths or scope.editable_centre_ids or scope.is_global_editor)
    path, centre = _agency_path(obj), _centre(obj)
    return (path is not None and scope.edits_path(path)) or (centre is not None and scope.edits_centre(centre))


for _model in ("agency", "division", "servicecentre", "counter", "membership"):
    rules.add_perm(f"organizations.view_{_model}", reads_object)
    rules.add_perm(f"organizations.change_{_model}", edits_object)
    rules.add_perm(f"organizations.add_{_model}", edits_object)
