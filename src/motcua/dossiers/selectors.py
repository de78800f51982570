"""Reads for dossiers: what a user may see, an officer's inbox (tabs, filters, counts per tab) and
everything a detail page shows. Each runs a constant number of queries, however many dossiers there are.

Visibility mirrors ``services.core.in_scope`` as a queryset filter: a dossier is visible when it was
received at one of the user's service centres, or when its deciding or receiving agency lies in one of
the agency subtrees the user reads (``Agency.path``); a global reader sees everything.

Inbox tabs (only dossiers the user may see, sorted by due date, the earliest first):

* ``to_receive``: submitted online and not yet received, at the user's centres;
* ``to_process``, ``to_review``, ``to_sign``: dossiers being worked on (received or processing) whose
  current step is the user's — its role is one the user holds in the deciding agency (and its division,
  when the step names one), or at the receiving centre for a centre member — or which are assigned to the
  user. The step's action splits them: review/approve → to_review, sign → to_sign, anything else →
  to_process. A linked dossier at a partner agency (no process of its own) is to be processed by the
  partner's officers;
* ``waiting``: waiting for the applicant (supplementation or a financial obligation);
* ``results_to_return``: decided, the result not yet handed back;
* ``overdue``: the agency's clock runs (received, processing, payment) and the due instant has passed.

How it stays fast with millions of dossiers (docs/benchmarks.md, "Dossiers"): every inbox query reads
the open dossiers only, through the partial indexes of migration 0002; agency subtrees are literal id
lists (read once per request) and step roles uncorrelated subqueries, so no query joins tables to filter;
a page is its ids first (index-only), then those rows; and no query joins more than 7 relations, beyond
which PostgreSQL plans longer than it runs.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from motcua.organizations import cache as organizations_cache
from motcua.organizations.models import Agency, Membership
from motcua.organizations.roles import Role
from motcua.organizations.selectors import scope_for
from motcua.processes.models import Step

from . import states
from .calendars import calendar
from .models import Dossier, DossierComponent, DossierEvent, Reschedule, Supplementation

S = states.Status

TO_RECEIVE, TO_PROCESS, TO_REVIEW, TO_SIGN = "to_receive", "to_process", "to_review", "to_sign"
WAITING, RESULTS_TO_RETURN, OVERDUE_TAB = "waiting", "results_to_return", "overdue"
TABS = (TO_RECEIVE, TO_PROCESS, TO_REVIEW, TO_SIGN, WAITING, RESULTS_TO_RETURN, OVERDUE_TAB)

REVIEW_ACTIONS = ("review", "approve")
SIGN_ACTIONS = ("sign",)
# Statuses in which a dossier still needs someone to act: every tab reads only these.
ACTIVE = (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENTATION, S.FINANCIAL_OBLIGATION, S.DECIDED)
OPEN_FOR_WORK = (S.RECEIVED, S.PROCESSING)
WAITING_FOR_APPLICANT = (S.SUPPLEMENTATION, S.FINANCIAL_OBLIGATION)
# The agency's clock runs in these (it is paused during supplementation; a decided dossier is done).
CLOCK_RUNNING = (S.RECEIVED, S.PROCESSING, S.FINANCIAL_OBLIGATION)
WORK_ROLES = (Role.SPECIALIST, Role.DIVISION_HEAD, Role.AGENCY_LEADER)

# Due status filter: past due, due within one working day (working-day engine), later.
OVERDUE, DUE_SOON, ON_TIME = "overdue", "due_soon", "on_time"
DUE_SOON_WITHIN = "1wd"
FILTERS = ("procedure", "field", "channel", "received_from", "received_to", "due")

# What an inbox row shows; with the dossier, 7 relations: PostgreSQL plans more joins slowly.
LIST_RELATED = ("procedure_version__procedure", "current_step", "deciding_agency", "receiving_centre", "assignee")
# The columns an inbox row shows (reading every column of seven tables for 50 rows costs more than the
# queries themselves); any other field still loads, one query per row, when asked for.
LIST_FIELDS = (
    "id", "reference", "code", "status", "channel", "applicant_name", "applicant_id_number", "submitted_at",
    "received_at", "due_at", "step_due_at", "deadline_flag", "version", "rescheduled", "supplementation_count",
    "parent_id", "process_id", "procedure_version__name", "procedure_version__number",
    "procedure_version__procedure__localised_code", "procedure_version__procedure__base_code",
    "procedure_version__procedure__field_id", "current_step__code", "current_step__name", "current_step__action",
    "current_step__role", "current_step__position", "deciding_agency__code", "deciding_agency__name",
    "deciding_agency__short_name", "receiving_centre__code", "receiving_centre__name", "assignee__username",
    "assignee__full_name", "assignee__first_name", "assignee__last_name")
INBOX_ORDER = (F("due_at").asc(nulls_last=True), F("id").asc())

_ROLES_ATTR = "_motcua_dossier_roles"
_AGENCIES_ATTR = "_motcua_dossier_agencies"


# ------------------------------------------------------------------ visibility


def agency_ids(user, paths) -> list[int]:
    """The ids of the agencies under ``paths`` (some of the user's scope paths). The agencies of the whole
    scope are read once per request (one query, cached on the user object like the scope): as literal id
    lists, PostgreSQL can match them against the inbox indexes on the open dossiers."""
    scope = scope_for(user)
    cached = getattr(user, _AGENCIES_ATTR, None)
    if cached is None or cached[0] != scope.agency_paths:
        condition = Q(pk__in=[])
        for path in scope.agency_paths:
            condition |= Q(path__startswith=path)
        agencies = organizations_cache.remember(
            user, "agencies", timezone.localdate(),
            lambda: tuple(Agency.objects.filter(condition).order_by("id").values_list("id", "path")))
        cached = (scope.agency_paths, agencies)
        setattr(user, _AGENCIES_ATTR, cached)
    paths = tuple(paths)
    return [pk for pk, path in cached[1] if path.startswith(paths)]


def visibility_condition(user) -> Q | None:
    """The filter of ``dossiers_visible_to`` (None: no restriction, the user reads everything)."""
    scope = scope_for(user)
    if scope.is_global_reader:
        return None
    condition = Q(pk__in=[])
    if scope.centre_ids:
        condition |= Q(receiving_centre_id__in=sorted(scope.centre_ids))
    if scope.agency_paths:
        agencies = agency_ids(user, scope.agency_paths)
        condition |= Q(deciding_agency_id__in=agencies) | Q(receiving_agency_id__in=agencies)
    return condition


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Dossiers received at the user's centres or received or decided by agencies in their subtrees
    (``services.core.in_scope`` as a filter); all of them for a global reader, none without a scope."""
    condition = visibility_condition(user)
    dossiers = Dossier.objects.all()
    return dossiers if condition is None else dossiers.filter(condition)


# ------------------------------------------------------------------ the user's roles in units


@dataclass(frozen=True)
class UnitRole:
    role: str
    agency_path: str = ""
    division_id: int | None = None
    centre_id: int | None = None


def unit_roles(user, day: dt.date | None = None) -> tuple[UnitRole, ...]:
    """The (role, unit) pairs of the user's memberships and of those delegated to them, valid on ``day``:
    one query, cached on the user object for the day like the scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    day = day or timezone.localdate()
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is None or cached[0] != day:
        delegated = Q(delegations__delegate=user, delegations__valid_from__lte=day, delegations__valid_to__gte=day,
                      delegations__revoked_at__isnull=True)

        def read() -> tuple[UnitRole, ...]:
            rows = (Membership.objects.valid_on(day).filter(Q(user=user) | delegated)
                    .values_list("role", "agency__path", "division_id", "service_centre_id").distinct())
            return tuple(sorted({UnitRole(role, agency_path=path or "", division_id=division, centre_id=centre)
                                 for role, path, division, centre in rows if path or centre},
                                key=lambda u: (u.role, u.agency_path, u.division_id or 0, u.centre_id or 0)))

        cached = (day, organizations_cache.remember(user, "unit_roles", day, read))
        setattr(user, _ROLES_ATTR, cached)
    return cached[1]


def _steps(role: str, actions: tuple, exclude: bool, division_id: int | None = None) -> QuerySet:
    steps = Step.objects.filter(role=role)
    steps = steps.exclude(action__in=actions) if exclude else steps.filter(action__in=actions)
    if division_id:
        steps = steps.filter(Q(division__isnull=True) | Q(division_id=division_id))
    return steps.values("id")


def _work(user, actions: tuple, exclude: bool) -> Q:
    """Dossiers being worked on whose current step is the user's and whose step action is (or, with
    ``exclude``, is not) one of ``actions``: assigned to them, or its role held in the right unit."""
    all_steps = Step.objects.exclude(action__in=actions) if exclude else Step.objects.filter(action__in=actions)
    condition = Q(assignee_id=user.pk, current_step_id__in=all_steps.values("id"))
    if exclude:
        condition |= Q(assignee_id=user.pk, current_step_id__isnull=True)
    for unit in unit_roles(user):
        if unit.centre_id:
            condition |= Q(receiving_centre_id=unit.centre_id, current_step_id__in=_steps(unit.role, actions, exclude))
            continue
        in_agency = Q(deciding_agency_id__in=agency_ids(user, [unit.agency_path]))
        condition |= in_agency & Q(current_step_id__in=_steps(unit.role, actions, exclude, unit.division_id))
        if exclude and unit.role in WORK_ROLES:
            # A linked dossier at a partner agency has no process: the partner's officers work on it.
            condition |= in_agency & Q(current_step_id__isnull=True, parent_id__isnull=False)
    return Q(status__in=OPEN_FOR_WORK) & condition


def tab_conditions(user, now: dt.datetime) -> dict[str, Q]:
    scope = scope_for(user)
    return {
        TO_RECEIVE: Q(status=S.SUBMITTED, receiving_centre_id__in=sorted(scope.centre_ids)),
        TO_PROCESS: _work(user, REVIEW_ACTIONS + SIGN_ACTIONS, exclude=True),
        TO_REVIEW: _work(user, REVIEW_ACTIONS, exclude=False),
        TO_SIGN: _work(user, SIGN_ACTIONS, exclude=False),
        WAITING: Q(status__in=WAITING_FOR_APPLICANT),
        RESULTS_TO_RETURN: Q(status=S.DECIDED),
        OVERDUE_TAB: Q(status__in=CLOCK_RUNNING, due_at__lt=now),
    }


# ------------------------------------------------------------------ filters


def deadline_window(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(now, the end of the "due soon" window: one working day later on the default calendar)."""
    now = now or timezone.now()
    default = calendar(getattr(settings, "MOTCUA_DEFAULT_CALENDAR", "VN"))
    return now, default.due(now, DUE_SOON_WITHIN).due_at


def _start_of_day(day: dt.date | str) -> dt.datetime:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _next_day(day: dt.date | str) -> dt.date:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day + dt.timedelta(days=1)  # a date range bound, not a deadline


def filter_condition(filters: Mapping | None, now: dt.datetime) -> Q:
    """The inbox filters as one condition: procedure (code or id), field (code or id), channel, received
    from / to (local dates, inclusive) and due status (overdue, due_soon, on_time)."""
    filters = {key: value for key, value in (filters or {}).items() if value not in (None, "", [], ())}
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown inbox filter(s): {', '.join(sorted(unknown))}")
    condition = Q()
    if "procedure" in filters:
        value = filters["procedure"]
        if isinstance(value, int) or str(value).isdigit():
            condition &= Q(procedure_version__procedure_id=int(value))
        else:
            condition &= (Q(procedure_version__procedure__localised_code=value)
                          | Q(procedure_version__procedure__base_code=value))
    if "field" in filters:
        value = filters["field"]
        if isinstance(value, int) or str(value).isdigit():
            condition &= Q(procedure_version__procedure__field_id=int(value))
        else:
            condition &= Q(procedure_version__procedure__field__code=value)
    if "channel" in filters:
        condition &= Q(channel=int(filters["channel"]))
    if "received_from" in filters:
        condition &= Q(received_at__gte=_start_of_day(filters["received_from"]))
    if "received_to" in filters:
        condition &= Q(received_at__lt=_start_of_day(_next_day(filters["received_to"])))
    if "due" in filters:
        due = filters["due"]
        running = Q(status__in=CLOCK_RUNNING, due_at__isnull=False)
        if due == OVERDUE:
            condition &= running & Q(due_at__lt=now)
        elif due in (DUE_SOON, ON_TIME):
            _now, soon = deadline_window(now)
            condition &= running & (Q(due_at__gte=now, due_at__lte=soon) if due == DUE_SOON else Q(due_at__gt=soon))
        else:
            raise ValueError(f"unknown due status {due!r}: {OVERDUE}, {DUE_SOON} or {ON_TIME}")
    return condition


# ------------------------------------------------------------------ inbox


@dataclass
class Inbox:
    tab: str
    counts: dict[str, int]
    rows: list[Dossier]
    page: int
    per_page: int
    filters: dict = field(default_factory=dict)
    now: dt.datetime | None = None

    @property
    def total(self) -> int:
        return self.counts[self.tab]

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def inbox(user, *, tab: str, filters: Mapping | None = None, page: int = 1, per_page: int = 50,
          now: dt.datetime | None = None) -> Inbox:
    """One page of a tab, sorted by due date, and the number of dossiers in every tab under the same
    filters: one query for the counts, one for the page (its ids as a subquery, then its rows), plus the user's scope,
    roles and agencies, read once per request (4 queries), and the calendar when filtering on "due soon"
    or "on time"."""
    if tab not in TABS:
        raise ValueError(f"unknown inbox tab {tab!r}: {', '.join(TABS)}")
    now = now or timezone.now()
    base = dossiers_visible_to(user).filter(filter_condition(filters, now))
    conditions = tab_conditions(user, now)
    counts = base.filter(status__in=ACTIVE).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()})
    result = Inbox(tab=tab, counts=counts, rows=[], page=1, per_page=per_page, filters=dict(filters or {}), now=now)
    result.page = page = max(1, min(int(page), result.num_pages))
    if counts[tab]:
        # The page's ids first (the inbox index alone), then those rows with what they show.
        offset = (page - 1) * per_page
        # (Each tab's condition restricts the status itself: repeating the ACTIVE filter here would only
        # mislead PostgreSQL's row estimates away from the inbox index.)
        # One statement: the ids with LIMIT are a subquery PostgreSQL plans on its own (the inbox index),
        # and the seven relations are joined for those rows only.
        ids = base.filter(conditions[tab]).order_by(*INBOX_ORDER).values("id")[offset:offset + per_page]
        result.rows = list(Dossier.objects.select_related(*LIST_RELATED).only(*LIST_FIELDS).filter(pk__in=ids)
                           .order_by(*INBOX_ORDER))
    return result


def inbox_queryset(user, *, tab: str, filters: Mapping | None = None, now: dt.datetime | None = None
                   ) -> QuerySet[Dossier]:
    """The rows of a tab as a queryset (for exports and EXPLAIN), in inbox order."""
    now = now or timezone.now()
    return (dossiers_visible_to(user).filter(filter_condition(filters, now))
            .filter(tab_conditions(user, now)[tab]).select_related(*LIST_RELATED).only(*LIST_FIELDS)
            .order_by(*INBOX_ORDER))


# ------------------------------------------------------------------ detail


def dossier_detail(code: str, user) -> Dossier:
    """One dossier, by its code (or its reference while it has none), with everything its page shows:
    procedure, process and steps, units, applicant account, assignee, parent, components,
    supplementations, reschedule, result, linked children and the events with their actors — a fixed
    number of queries however long its history (at most 12 with the user's scope and agencies read,
    3 more the first time in a request; an empty parent, assignee… costs none).
    Raises ``Dossier.DoesNotExist`` when it is missing or outside the user's scope (the page answers 404
    without revealing it exists).

    The dossier row joins only 6 tables: beyond about 7 joined relations PostgreSQL spends more time
    planning the join than a handful of primary-key lookups take, so the other one-to-one and foreign
    keys are prefetched. What the row itself shows to be empty is not read: no reschedule unless
    ``rescheduled``, no result before ``decided_at`` (both written by the same service), no
    supplementation while ``supplementation_count`` is 0, no linked child unless the process has an
    inter-agency step (the only way a child is made); the receiving agency is the deciding one when
    their ids match."""
    key = str(code).strip()
    try:
        lookup = {"reference": uuid.UUID(key)}
    except ValueError:
        lookup = {"code": key}
    dossier = (dossiers_visible_to(user)
               .select_related("procedure_version__procedure__field", "process", "current_step", "deciding_agency")
               .get(**lookup))
    if dossier.receiving_agency_id == dossier.deciding_agency_id:
        Dossier.receiving_agency.field.set_cached_value(dossier, dossier.deciding_agency)
    lookups = ["receiving_centre", "receiving_agency", "applicant_user", "assignee", "parent",
               Prefetch("process__steps"), Prefetch("components", queryset=DossierComponent.objects.order_by("id")),
               Prefetch("events", queryset=DossierEvent.objects.select_related("actor").order_by("seq"))]
    empty = []
    if dossier.rescheduled:
        lookups.append(Prefetch("reschedule", queryset=Reschedule.objects.select_related("created_by")))
    else:
        Dossier.reschedule.related.set_cached_value(dossier, None)
    if dossier.decided_at is not None:
        lookups.append("result")
    else:
        Dossier.result.related.set_cached_value(dossier, None)
    if dossier.supplementation_count:
        lookups.append(Prefetch("supplementations", queryset=Supplementation.objects.select_related(
            "requested_by").order_by("number")))
    else:
        empty.append("supplementations")
    prefetch_related_objects([dossier], *lookups)
    if dossier.process_id and any(step.action == "inter_agency" for step in dossier.process.steps.all()):
        prefetch_related_objects([dossier], Prefetch("children", queryset=Dossier.objects.select_related(
            "deciding_agency", "current_step", "result").order_by("id")))
    else:
        empty.append("children")
    for name in empty:
        dossier._prefetched_objects_cache[name] = getattr(dossier, name).none()
    return dossier


# ------------------------------------------------------------------ officer workspace: counter and manager


def returning_applicant(user, id_number: str) -> dict | None:
    """The applicant as given on their latest dossier in the user's units, found by ID number (one query
    with the scope read): the counter reuses it instead of typing it again. None when there is none."""
    id_number = (id_number or "").strip()
    if not id_number:
        return None
    row = (dossiers_visible_to(user).filter(applicant_id_number=id_number)
           .order_by("-created_at", "-id").values("applicant", "applicant_name", "applicant_phone").first())
    if row is None:
        return None
    applicant = dict(row["applicant"] or {})
    applicant.setdefault("name", row["applicant_name"])
    applicant.setdefault("phone", row["applicant_phone"])
    applicant["id_number"] = id_number
    return applicant


def officers_in_agency(agency, roles=WORK_ROLES, day: dt.date | None = None) -> list:
    """Active officers holding one of ``roles`` in ``agency`` or a unit under it (for assigning): one query."""
    from django.contrib.auth import get_user_model

    day = day or timezone.localdate()
    ids = Membership.objects.valid_on(day).filter(role__in=roles, agency__path__startswith=agency.path).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username"))


@dataclass
class UnitLoad:
    """A manager's view of one unit: open dossiers per officer, the overdue ones and those due this week."""

    officers: list[dict]
    unassigned: list[dict]
    overdue: list[Dossier]
    due_this_week: list[Dossier]
    totals: dict


def unit_condition(user, *, agency_path: str = "", centre_id: int | None = None) -> Q:
    """Dossiers of one unit the user reads: decided by an agency under ``agency_path``, or received at
    the centre ``centre_id``."""
    if centre_id:
        return Q(receiving_centre_id=centre_id)
    return Q(deciding_agency_id__in=agency_ids(user, [agency_path]))


def unit_load(user, *, agency_path: str = "", centre_id: int | None = None, now: dt.datetime | None = None,
              week_end: dt.datetime | None = None, limit: int = 100) -> UnitLoad:
    """Open dossiers of the unit per assignee (open, overdue, due by ``week_end``), the unassigned ones per
    current step, and the overdue and due-this-week rows (at most ``limit`` each, most urgent first): five
    queries plus the user's scope and agencies, however many dossiers and officers."""
    now = now or timezone.now()
    week_end = week_end or now
    unit = dossiers_visible_to(user).filter(unit_condition(user, agency_path=agency_path, centre_id=centre_id))
    open_ = unit.filter(status__in=ACTIVE).exclude(status=S.SUBMITTED)
    overdue = Q(status__in=CLOCK_RUNNING, due_at__lt=now)
    this_week = Q(status__in=CLOCK_RUNNING, due_at__gte=now, due_at__lt=week_end)
    counts = {"open": Count("pk"), "overdue": Count("pk", filter=overdue), "due_this_week": Count("pk", filter=this_week),
              "waiting": Count("pk", filter=Q(status__in=WAITING_FOR_APPLICANT))}
    per_officer = list(open_.filter(assignee__isnull=False).values(
        "assignee_id", "assignee__full_name", "assignee__username").annotate(**counts)
        .order_by("-overdue", "-open", "assignee__full_name"))
    unassigned = list(open_.filter(assignee__isnull=True).values("current_step__name", "current_step__role")
                      .annotate(**counts).order_by("-overdue", "-open", "current_step__name"))
    totals = open_.aggregate(**counts)

    def rows(condition: Q) -> list[Dossier]:
        return list(open_.filter(condition).select_related(*LIST_RELATED).only(*LIST_FIELDS)
                    .order_by(*INBOX_ORDER)[:limit])

    return UnitLoad(officers=per_officer, unassigned=unassigned, overdue=rows(overdue),
                    due_this_week=rows(this_week), totals=totals)
