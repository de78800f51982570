"""Roles an officer holds in a unit, and which roles may do what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", _("Counter officer")
    SPECIALIST = "specialist", _("Specialist")
    DIVISION_HEAD = "division_head", _("Head of division")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CENTRE_MANAGER = "centre_manager", _("Service centre manager")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    AUDITOR = "auditor", _("Auditor (read-only)")
    CITIZEN = "citizen", _("Citizen")


OFFICER_ROLES = frozenset(role for role in Role if role != Role.CITIZEN)
# Roles that may edit the organisation records (agencies, divisions, centres, counters) in their scope.
ORGANIZATION_EDITOR_ROLES = frozenset({Role.AGENCY_LEADER, Role.CENTRE_MANAGER, Role.SYSTEM_ADMIN})
# Roles whose scope is the whole system even without a unit.
GLOBAL_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.AUDITOR})
READ_ONLY_ROLES = frozenset({Role.AUDITOR})
