"""What an officer may see and change: the units of their valid memberships and delegations.

Computed once per request (cached on the user object) so that permission checks and list filters
cost no further queries.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from .roles import GLOBAL_ROLES, OFFICER_ROLES, ORGANIZATION_EDITOR_ROLES, READ_ONLY_ROLES


@dataclass(frozen=True)
class Scope:
    is_global_reader: bool = False
    is_global_editor: bool = False
    roles: frozenset = field(default_factory=frozenset)
    agency_paths: tuple = ()
    centre_ids: frozenset = field(default_factory=frozenset)
    editable_agency_paths: tuple = ()
    editable_centre_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_officer(self) -> bool:
        return bool(self.roles & OFFICER_ROLES)

    def reads_path(self, path: str) -> bool:
        return self.is_global_reader or path.startswith(self.agency_paths)

    def edits_path(self, path: str) -> bool:
        return self.is_global_editor or path.startswith(self.editable_agency_paths)

    def reads_centre(self, centre) -> bool:
        return centre.pk in self.centre_ids or self.reads_path(centre.agency.path)

    def edits_centre(self, centre) -> bool:
        return centre.pk in self.editable_centre_ids or self.edits_path(centre.agency.path)

    def agency_filter(self, prefix: str = "") -> Q:
        """A filter on a queryset whose ``prefix`` leads to an Agency ('' for Agency itself)."""
        if self.is_global_reader:
            return Q()
        condition = Q(pk__in=[])
        for path in self.agency_paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition


EMPTY_SCOPE = Scope()


def build_scope(memberships) -> Scope:
    roles, paths, centres, edit_paths, edit_centres = set(), set(), set(), set(), set()
    global_reader = global_editor = False
    for membership in memberships:
        roles.add(membership.role)
        editor = membership.role in ORGANIZATION_EDITOR_ROLES and membership.role not in READ_ONLY_ROLES
        if membership.role in GLOBAL_ROLES and membership.agency_id is None and membership.service_centre_id is None:
            global_reader = True
            global_editor = global_editor or editor
            continue
        if membership.agency_id:
            paths.add(membership.agency.path)
            if editor:
                edit_paths.add(membership.agency.path)
        if membership.service_centre_id:
            centre = membership.service_centre
            centres.add(centre.pk)
            # A centre receives dossiers for the agencies under its managing agency, so it reads them.
            paths.add(centre.agency.path)
            if editor:
                edit_centres.add(centre.pk)
    return Scope(
        is_global_reader=global_reader,
        is_global_editor=global_editor,
        roles=frozenset(roles),
        agency_paths=tuple(sorted(paths)),
        centre_ids=frozenset(centres),
        editable_agency_paths=tuple(sorted(edit_paths)),
        editable_centre_ids=frozenset(edit_centres),
    )


def today():
    return timezone.localdate()
