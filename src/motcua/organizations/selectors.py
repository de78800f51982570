"""Reads for organisations: effective memberships, scopes, and lists filtered to what a user may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import cache as organizations_cache
from .models import AdministrativeUnit, Agency, Delegation, Membership, ServiceCentre
from .scope import EMPTY_SCOPE, Scope, build_scope

_CACHE_ATTR = "_motcua_scope_cache"


def effective_memberships(user, day=None) -> list[Membership]:
    """The user's own memberships valid on ``day`` plus those delegated to them for that day."""
    if not user.is_authenticated:
        return []
    day = day or timezone.localdate()
    related = ("agency", "division", "service_centre__agency")
    own = list(Membership.objects.valid_on(day).filter(user=user).select_related(*related))
    delegated = [
        delegation.membership
        for delegation in Delegation.objects.filter(
            delegate=user, valid_from__lte=day, valid_to__gte=day, revoked_at__isnull=True
        ).select_related(*(f"membership__{name}" for name in related))
        if delegation.membership.is_valid_on(day)
    ]
    return own + delegated


def scope_for(user, day=None) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    day = day or timezone.localdate()
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None or cache[0] != day:
        scope = organizations_cache.remember(user, "scope", day, lambda: build_scope(effective_memberships(user, day)))
        if user.is_superuser:
            scope = Scope(**{**scope.__dict__, "is_global_reader": True, "is_global_editor": True})
        cache = (day, scope)
        setattr(user, _CACHE_ATTR, cache)
    return cache[1]


def forget_scope(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    organizations_cache.forget(user)


def is_officer(user) -> bool:
    scope = scope_for(user)
    return scope.is_officer or user.is_superuser


def agencies_visible_to(user) -> QuerySet[Agency]:
    scope = scope_for(user)
    return Agency.objects.filter(scope.agency_filter()).select_related("administrative_unit", "parent")


def service_centres_visible_to(user) -> QuerySet[ServiceCentre]:
    scope = scope_for(user)
    condition = scope.agency_filter("agency__") | Q(pk__in=scope.centre_ids)
    return ServiceCentre.objects.filter(condition).select_related("agency", "administrative_unit")


def current_units(level: str | None = None) -> QuerySet[AdministrativeUnit]:
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    return units.filter(level=level) if level else units


def resolve_current(unit: AdministrativeUnit, day=None) -> list[AdministrativeUnit]:
    """The unit(s) in force on ``day`` that an old unit's territory now belongs to.

    Follows successor links level by level (one query per generation of reorganisation).
    """
    day = day or timezone.localdate()
    frontier, found, seen = [unit], {}, set()
    while frontier:
        next_ids = []
        for candidate in frontier:
            if candidate.pk in seen:
                continue
            seen.add(candidate.pk)
            if candidate.is_valid_on(day):
                found[candidate.pk] = candidate
            else:
                next_ids.append(candidate.pk)
        frontier = list(
            AdministrativeUnit.objects.filter(predecessors__in=next_ids).exclude(pk__in=seen).distinct()
        ) if next_ids else []
    return sorted(found.values(), key=lambda u: u.code)
