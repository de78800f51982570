"""Reads of the public catalog, shared by the pages and the API. Only published (current) versions are
listed; retired versions are readable from a procedure's history; drafts are never returned.

Every list here runs a fixed number of queries whatever the size of the catalog."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from motcua.core.text import fold
from motcua.organizations.models import Agency, ServiceCentre

from .models import (
    Applicant,
    Field,
    Level,
    LifeEvent,
    LifeEventProcedure,
    Offering,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
)
from .search import search

PUBLIC_STATUSES = (ProcedureVersion.Status.PUBLISHED, ProcedureVersion.Status.RETIRED)
FILTER_NAMES = ("field", "level", "applicant", "online_level", "agency")
SEARCH_FILTERS = ("field", "level", "applicant", "online_level")  # the ones search() applies itself


class UnknownFilterValue(ValueError):
    """A filter names something that does not exist: ``name`` is the filter, ``value`` what was given."""

    def __init__(self, name: str, value: str):
        super().__init__(name, value)
        self.name, self.value = name, value


def _json_list_has(column: str, value: str) -> Q:
    # The list columns hold short codes from fixed sets, none a part of another once quoted, so a text match
    # on the quoted code works alike on SQLite (no JSON containment) and PostgreSQL.
    return Q(**{f"{column}__icontains": f'"{value}"'})


def published_versions() -> QuerySet[ProcedureVersion]:
    return (ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
            .select_related("procedure__field"))


def check_filters(*, field: str = "", agency: str = "") -> None:
    """Raises UnknownFilterValue when a field or agency code names nothing (the choice filters are checked
    by the callers' forms)."""
    if field and not Field.objects.filter(code=field).exists():
        raise UnknownFilterValue("field", field)
    if agency and not (Agency.objects.filter(code=agency).exists()
                       or ServiceCentre.objects.filter(code=agency).exists()):
        raise UnknownFilterValue("agency", agency)


def browse(*, field: str = "", level: str = "", applicant: str = "", online_level: str = "",
           agency: str = "") -> QuerySet[ProcedureVersion]:
    """Published versions matching every given filter, by field then name. ``agency`` is the code of an
    agency or a service centre offering the procedure."""
    versions = published_versions()
    if field:
        versions = versions.filter(procedure__field__code=field)
    if level:
        versions = versions.filter(_json_list_has("levels", level))
    if applicant:
        versions = versions.filter(_json_list_has("applicants", applicant))
    if online_level:
        versions = versions.filter(online_level=online_level)
    if agency:
        offered = Offering.objects.filter(Q(agency__code=agency) | Q(service_centre__code=agency))
        versions = versions.filter(procedure_id__in=offered.values("procedure_id"))
    return versions.order_by("procedure__field__position", "procedure__field__name", "search_name", "pk")


def search_versions(query: str, *, limit: int = 20, **filters) -> list[ProcedureVersion]:
    """The search engine's hits, best first, restricted to published versions matching the filters (the
    engine applies those it knows; the place filter is applied here)."""
    engine_filters = {name: filters[name] for name in SEARCH_FILTERS if filters.get(name)}
    hits = search(query, limit=limit, filters=engine_filters or None)
    ids = [hit.version_id for hit in hits]
    if not ids:
        return []
    found = {version.pk: version for version in browse(**filters).filter(pk__in=ids)}
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    fields: list[Facet]
    levels: list[Facet]
    applicants: list[Facet]
    online_levels: list[Facet]
    centres: list[Facet]
    agencies: list[Facet]
    total: int


def facets() -> Facets:
    """How many published procedures each browsing choice leads to (four queries)."""
    rows = list(ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
                .values_list("procedure__field_id", "levels", "applicants", "online_level"))
    by_field = Counter(row[0] for row in rows)
    by_level = Counter(level for row in rows for level in set(row[1]))
    by_applicant = Counter(applicant for row in rows for applicant in set(row[2]))
    by_online = Counter(row[3] for row in rows)
    fields = [Facet(f.code, f.name, by_field[f.pk]) for f in Field.objects.filter(pk__in=list(by_field))]
    offered = Offering.objects.filter(procedure__current_version__isnull=False)
    centres = [Facet(row["service_centre__code"], row["service_centre__name"], row["count"]) for row in (
        offered.filter(service_centre__code__isnull=False)
        .values("service_centre__code", "service_centre__name", "service_centre__level")
        .annotate(count=Count("procedure_id", distinct=True))
        .order_by("-service_centre__level", "service_centre__name"))]
    agencies = [Facet(row["agency__code"], row["agency__name"], row["count"]) for row in (
        offered.filter(agency__isnull=False).values("agency__code", "agency__name")
        .annotate(count=Count("procedure_id", distinct=True)).order_by("agency__code"))]
    agencies.sort(key=lambda facet: (fold(facet.label), facet.value))

    def choices(enum, counts):
        return [Facet(value, label, counts[value]) for value, label in enum.choices if counts[value]]

    levels = [Facet(level, Level(level).label, by_level[level])
              for level in (Level.COMMUNE, Level.PROVINCE, Level.CENTRAL) if by_level[level]]
    return Facets(fields=fields, levels=levels, applicants=choices(Applicant, by_applicant),
                  online_levels=choices(OnlineLevel, by_online), centres=centres, agencies=agencies, total=len(rows))


def life_events() -> QuerySet[LifeEvent]:
    """Life events with the number of their procedures that are published (one query)."""
    return LifeEvent.objects.annotate(
        procedure_count=Count("items", filter=Q(items__procedure__current_version__isnull=False))
    ).order_by("position", "name")


def life_event(code: str) -> LifeEvent | None:
    """A life event with ``published_items``: its procedures in order, each with its published version."""
    items = (LifeEventProcedure.objects.filter(procedure__current_version__isnull=False)
             .select_related("procedure__current_version", "procedure__field").order_by("position", "pk"))
    return (LifeEvent.objects.filter(code=code)
            .annotate(item_count=Count("items", distinct=True))
            .prefetch_related(Prefetch("items", queryset=items, to_attr="published_items")).first())


def public_version(code: str, number: int | None = None) -> ProcedureVersion | None:
    """The published version of the procedure with this localised code, or (with ``number``) one of its
    published or retired versions; never a draft. Components and fees are fetched with it."""
    versions = (ProcedureVersion.objects.filter(procedure__localised_code=code)
                .select_related("procedure__field", "procedure__publishing_agency", "procedure__current_version")
                .prefetch_related("components", "fees"))
    if number is None:
        return versions.filter(status=ProcedureVersion.Status.PUBLISHED).first()
    return versions.filter(number=number, status__in=PUBLIC_STATUSES).first()


def procedure_by_base_code(base_code: str) -> Procedure | None:
    """The one published procedure with this national base code, if exactly one has it."""
    found = list(Procedure.objects.filter(base_code=base_code, current_version__isnull=False)[:2])
    return found[0] if len(found) == 1 else None


def public_history(code: str) -> tuple[Procedure | None, list[ProcedureVersion]]:
    """A procedure and its published and retired versions, newest first; (None, []) when it has none."""
    procedure = Procedure.objects.filter(localised_code=code).select_related("field").first()
    if procedure is None:
        return None, []
    versions = list(procedure.versions.filter(status__in=PUBLIC_STATUSES).order_by("-number"))
    return (procedure, versions) if versions else (None, [])


def public_versions_of(code: str) -> QuerySet[ProcedureVersion]:
    return (ProcedureVersion.objects.filter(procedure__localised_code=code, status__in=PUBLIC_STATUSES)
            .order_by("-number"))


def offerings(procedure: Procedure) -> tuple[list, list]:
    """Where the procedure is offered: (service centres, provincial first; agencies), each by name."""
    places = list(Offering.objects.filter(procedure=procedure).select_related("agency", "service_centre"))
    centres = sorted((o.service_centre for o in places if o.service_centre_id),
                     key=lambda c: (c.level != ServiceCentre.Level.PROVINCE, fold(c.name)))
    agencies = sorted((o.agency for o in places if o.agency_id), key=lambda a: (fold(a.name), a.code))
    return centres, agencies


def fields_with_counts() -> QuerySet[Field]:
    return Field.objects.annotate(
        procedure_count=Count("procedures", filter=Q(procedures__current_version__isnull=False))
    ).order_by("position", "name", "pk")


def life_events_for_api() -> QuerySet[LifeEvent]:
    items = (LifeEventProcedure.objects.filter(procedure__current_version__isnull=False)
             .select_related("procedure__current_version").order_by("position", "pk"))
    return (LifeEvent.objects.order_by("position", "name", "pk")
            .prefetch_related(Prefetch("items", queryset=items, to_attr="published_items")))
