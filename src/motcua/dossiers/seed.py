"""Realistic dossiers for the demo province (``motcua seed``).

The generator first makes a *plan* for every dossier — which procedure, where, by which channel, who
does what and when — then carries the plans out by one of two paths:

* through the services (``run_services``): every action is the real service call, executed in
  chronological order across all dossiers with the clock set to the planned instant. Slow and exact;
* in bulk (``motcua.dossiers.bulk``): the same rows computed in memory, mirroring each service, and
  written with ``bulk_create``. A test proves both paths write the same rows and events.

Plans are deterministic for a given (seed, number of dossiers, months, end date) and the database's
units, procedures, processes and officers.

What is realistic about them:

* procedures from the published catalog that have an active process, weighted by how often each field
  is asked for (certifications and civil status first); commune procedures at the commune centres,
  provincial ones at the provincial centre;
* channels: ~58 % online (where the procedure allows it), ~4 % by post, the rest at the counter;
* receipts spread uniformly over the office hours of the working days of the last M months (the
  working-day engine's calendar), online submissions at any hour before them;
* fees paid at receipt, a supplementation episode for ~5 % (mostly within 3 working days of receipt,
  the clock paused meanwhile), a financial obligation for ~2 %, inter-agency legs where a process has
  one, results picked up at the counter or delivered online or by post;
* outcomes close to Tây Ninh in H1 2017 (domain reference §11): 99.08 % resolved early or on time,
  0.06 % late (two thirds decided after their due date, some with an apology and a new appointment;
  one third still open past it), 0.86 % still within their deadline at the end date (some submitted
  online and not yet received, others at any step, waiting for the applicant, or decided and waiting
  to be picked up).

Deadlines (due dates, step due dates, extensions, new appointments) always come from the working-day
engine; the plans only decide *when* people act.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import random
import unicodedata
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_save
from django.test.utils import override_settings
from django.utils import timezone

from motcua.organizations.models import AdministrativeUnit, Agency, Membership, ServiceCentre
from motcua.organizations.roles import Role
from motcua.processes.models import Process
from motcua.workdays.selectors import engine_calendar

from . import states
from .models import Dossier
from .services.core import procedure_duration

S = states.Status
C = states.Channel
US = 1_000_000
MINUTE = 60 * US
HOUR = 60 * MINUTE
STEP_MIN = 2 * US  # the least office time a step takes
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# Outcome labels of a plan.
RESOLVED, LATE, LATE_OPEN, IN_PROGRESS, SUBMITTED = "resolved", "late", "late_open", "in_progress", "submitted"
OUTCOMES = (RESOLVED, LATE, LATE_OPEN, IN_PROGRESS, SUBMITTED)

# How often each field is asked for (relative weights; a field not listed weighs DEFAULT_FIELD_WEIGHT).
FIELD_WEIGHTS = {
    "CHUNGTHUC": 30, "HOTICH": 18, "CUTRU": 12, "DATDAI": 9, "CANCUOC": 6, "KINHDOANH": 5, "BHYT": 5,
    "LLTP": 4, "XAYDUNG": 3, "BAOTRO": 3, "LIENTHONG": 2, "GIAMNGHEO": 1.5,
}
DEFAULT_FIELD_WEIGHT = 2
ISSUE_ROLES = {Role.AGENCY_LEADER, Role.DIVISION_HEAD, Role.SPECIALIST}
INTAKE_ROLES = {Role.COUNTER_OFFICER, Role.CENTRE_MANAGER}
STEP_OPINIONS = {
    "appraise": "Hồ sơ đầy đủ, hợp lệ; đề nghị giải quyết.",
    "review": "Thống nhất, trình lãnh đạo ký.",
    "approve": "Đồng ý phê duyệt.",
    "sign": "Đã ký.",
    "inter_agency": "",
}


@dataclass(frozen=True)
class Shares:
    """The proportions the generator aims at (defaults: Tây Ninh H1 2017 and national channel figures)."""

    resolved: float = 0.9908
    late: float = 0.0006
    in_progress: float = 0.0086
    early_of_resolved: float = 0.85  # "trước hạn" among the resolved early or on time
    late_still_open: float = 1 / 3  # of the late ones: still open past their due date
    rescheduled_of_late: float = 0.5  # of the late ones decided late: an apology and a new appointment first
    submitted_of_recent_online: float = 0.3  # online, in progress, submitted in the last working day: not received
    online: float = 0.58
    post: float = 0.04
    supplementation: float = 0.05
    supplementation_late_request: float = 0.1  # requested after the 3 working days of Decree 61
    obligation: float = 0.02


# ------------------------------------------------------------------ office time


class OfficeTime:
    """The office sessions of a working-day calendar as epoch microseconds, with ``w(t)`` the office time
    elapsed since the first session and ``at(w)`` its inverse: the simulation's clock for *when* officers
    act. Read through the engine's public calendar (working days and office hours)."""

    def __init__(self, calendar, first: dt.date, last: dt.date):
        starts, ends = [], []
        tz = calendar.tzinfo
        day, last = max(first, calendar.first), min(last, calendar.last)
        while day <= last:
            if calendar.is_working_day(day):
                for opens, closes in calendar.office_hours(day):
                    starts.append(_us(dt.datetime.combine(day, opens, tzinfo=tz)))
                    ends.append(_us(dt.datetime.combine(day, closes, tzinfo=tz)))
            day += dt.timedelta(days=1)
        if not starts:
            raise ValueError("the calendar has no office hours in the period")
        self.starts, self.ends = starts, ends
        self.lengths = [e - s for s, e in zip(starts, ends, strict=True)]
        self.cum_start, total = [], 0
        for length in self.lengths:
            self.cum_start.append(total)
            total += length
        self.cum_end = [c + n for c, n in zip(self.cum_start, self.lengths, strict=True)]
        self.total = total
        days = len({dt.datetime.fromtimestamp(s / US, tz).date() for s in starts})
        self.working_day = total // days  # office time of an average working day

    def w(self, t: int) -> int:
        k = bisect.bisect_right(self.starts, t) - 1
        if k < 0:
            return 0
        return self.cum_start[k] + min(t - self.starts[k], self.lengths[k])

    def at(self, w: int) -> int:
        """The earliest instant at which ``w`` office time has elapsed (past the table: linear)."""
        if w <= 0:
            return self.starts[0]
        k = bisect.bisect_left(self.cum_end, w)
        if k >= len(self.starts):
            return self.ends[-1] + (w - self.total)
        return self.starts[k] + (w - self.cum_start[k])

    def sample(self, rng: np.random.Generator, n: int, w_from: int, w_to: int) -> np.ndarray:
        """``n`` instants uniformly spread over the office time in [w_from, w_to), whole seconds, sorted."""
        w = np.sort(rng.integers(w_from, w_to, n, dtype=np.int64))
        cum_end = np.asarray(self.cum_end, dtype=np.int64)
        k = np.searchsorted(cum_end, w, side="right")
        offset = w - np.asarray(self.cum_start, dtype=np.int64)[k]
        t = np.asarray(self.starts, dtype=np.int64)[k] + offset
        return np.sort(t - t % US)


def _us(moment: dt.datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US + delta.microseconds


def as_datetime(us: int, tz=dt.UTC) -> dt.datetime:
    return (EPOCH + dt.timedelta(microseconds=int(us))).astimezone(tz)


# ------------------------------------------------------------------ context: routes and officers


@dataclass
class Route:
    """A procedure as one agency decides it, received at one centre."""

    index: int
    version: object  # catalog.ProcedureVersion (with its procedure and field)
    process: Process
    steps: dict  # code -> processes.Step
    first_step: object
    path: list  # the steps a dossier goes through, from the first one after receipt to the last
    agency: Agency
    centre: ServiceCentre
    prefix: str  # the receiving unit's code: dossier codes start with it
    duration: str
    cutoff: str | None
    fee_due: int
    catalog_components: list
    methods: tuple
    weight: float
    place: str  # the applicant's commune or ward (for addresses)

    @property
    def has_inter_agency(self) -> bool:
        return any(step.action == "inter_agency" for step in self.path)


@dataclass
class Context:
    seed: int
    n: int
    months: int
    until: dt.date
    as_of: dt.datetime  # local midnight starting ``until``: every planned action before it happens
    window_start: dt.datetime
    calendar_code: str
    calendar: object
    office: OfficeTime
    routes: list[Route]
    officers: dict  # ("agency" | "centre", unit id, role) -> user id
    users: dict  # user id -> User
    places: list[str]
    shares: Shares

    @property
    def as_of_us(self) -> int:
        return _us(self.as_of)

    def officer(self, unit: str, unit_id: int, role: str) -> int:
        return self.officers[(unit, unit_id, role)]

    def counter_officer(self, route: Route) -> int:
        return self.officer("centre", route.centre.pk, Role.COUNTER_OFFICER)

    def step_officer(self, route: Route, step) -> int:
        if step.role in INTAKE_ROLES:
            return self.officer("centre", route.centre.pk, step.role)
        return self.officer("agency", route.agency.pk, step.role)

    def leader(self, route: Route) -> int:
        return self.officer("agency", route.agency.pk, Role.AGENCY_LEADER)


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - months
    year, month = divmod(month, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _centre_of(agency: Agency, centres: dict, agencies: dict) -> ServiceCentre | None:
    """The centre that receives for ``agency``: its own, else the nearest managed by an ancestor."""
    current = agency
    while current is not None:
        if current.pk in centres:
            return centres[current.pk]
        current = agencies.get(current.parent_id)
    return None


def _path_of(process_steps: dict, first) -> list:
    path, step = [first], first
    while step.next_steps and len(path) < 50:
        step = process_steps[step.next_steps[0]]
        path.append(step)
    return path


def _routes(procedures=None) -> list[Route]:
    agencies = {a.pk: a for a in Agency.objects.all()}
    centres = {}
    for centre in ServiceCentre.objects.order_by("pk"):
        centres.setdefault(centre.agency_id, centre)
    processes = Process.objects.filter(status=Process.Status.ACTIVE)
    if procedures:
        processes = processes.filter(Q(procedure__localised_code__in=procedures)
                                     | Q(procedure__base_code__in=procedures))
    processes = (processes
                 .select_related("procedure__field", "procedure__current_version", "agency")
                 .prefetch_related("steps__partner_agency", "procedure__current_version__components",
                                   "procedure__current_version__fees")
                 .order_by("procedure__localised_code", "agency__code"))
    candidates = []
    for process in processes:
        version = process.procedure.current_version
        if version is None or version.status != "published":
            continue
        try:
            duration = procedure_duration(version)
        except Exception:  # no processing time: such a procedure cannot be received
            continue
        centre = _centre_of(process.agency, centres, agencies)
        steps = list(process.steps.all())
        if centre is None or not steps or any(s.action == "inter_agency" and not s.partner_agency_id
                                              for s in steps):
            continue
        first = steps[1] if len(steps) > 1 and steps[0].action == "receive" else steps[0]
        by_code = {s.code: s for s in steps}
        methods = tuple(m for m in version.methods if m in ("counter", "online", "post")) or ("counter",)
        unit = process.agency.administrative_unit if process.agency.kind == Agency.Kind.COMMUNE_COMMITTEE else None
        candidates.append({
            "version": version, "process": process, "steps": by_code, "first_step": first,
            "path": _path_of(by_code, first), "agency": process.agency, "centre": centre,
            "prefix": centre.code or centre.agency.code, "duration": duration,
            "cutoff": version.cutoff.strftime("%H:%M") if version.cutoff else None,
            "fee_due": sum(f.amount_vnd or 0 for f in version.fees.all()),
            "catalog_components": sorted(version.components.all(), key=lambda c: (c.position, c.pk)),
            "methods": methods, "place": unit.name if unit else ""})
    # A procedure's weight is its field's, shared by the field's procedures and by the places deciding it.
    procedures_of_field = Counter()
    places_of_procedure = Counter()
    for c in candidates:
        places_of_procedure[c["version"].procedure_id] += 1
    for procedure_id in places_of_procedure:
        field_code = next(c["version"].procedure.field.code for c in candidates
                          if c["version"].procedure_id == procedure_id)
        procedures_of_field[field_code] += 1
    routes = []
    for index, c in enumerate(candidates):
        field_code = c["version"].procedure.field.code
        weight = (FIELD_WEIGHTS.get(field_code, DEFAULT_FIELD_WEIGHT) / procedures_of_field[field_code]
                  / places_of_procedure[c["version"].procedure_id])
        routes.append(Route(index=index, weight=weight, **c))
    return routes


def _vietnamese_name(rnd: random.Random) -> str:
    family = rnd.choices(FAMILY_NAMES, weights=FAMILY_WEIGHTS)[0]
    female = rnd.random() < 0.5
    middle = rnd.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rnd.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return f"{family} {middle} {given}"


def _officer_user(username: str, role: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        rnd = random.Random(username)
        user = User(username=username, full_name=_vietnamese_name(rnd), position=Role(role).label)
        user.set_unusable_password()
        user.save()
    return user


def _officers(routes: list[Route], day: dt.date) -> tuple[dict, dict]:
    """An officer for every (unit, role) the plans need: the first existing one holding the role there,
    else a seed officer created with that membership (``seed.<role>.<unit code>``, no password)."""
    from motcua.organizations.services import grant_membership

    needed = set()
    for route in routes:
        needed.add(("centre", route.centre, Role.COUNTER_OFFICER))
        needed.add(("agency", route.agency, Role.AGENCY_LEADER))
        for step in route.path:
            if step.role in INTAKE_ROLES:
                needed.add(("centre", route.centre, step.role))
            else:
                needed.add(("agency", route.agency, step.role))
            if step.action == "inter_agency" and step.partner_agency_id:
                needed.add(("agency", step.partner_agency, Role.SPECIALIST))
    officers, users = {}, {}
    for unit_kind, unit, role in sorted(needed, key=lambda x: (x[0], x[1].pk, x[2])):
        unit_filter = {"agency": unit} if unit_kind == "agency" else {"service_centre": unit}
        membership = (Membership.objects.valid_on(day).filter(role=role, user__is_active=True, **unit_filter)
                      .select_related("user").order_by("user_id").first())
        if membership is not None:
            user = membership.user
        else:
            code = (unit.code or str(unit.pk)).lower()
            user = _officer_user(f"seed.{role}.{code}", role)
            grant_membership(actor=None, user=user, role=role, **unit_filter)
        officers[(unit_kind, unit.pk, role)] = user.pk
        users[user.pk] = user
    return officers, users


def build_context(*, n: int, months: int = 6, seed: int = 1, until: dt.date | None = None,
                  calendar_code: str | None = None, shares: Shares | None = None, procedures=None) -> Context:
    """Reads the procedures (all, or those whose code is in ``procedures``), their active processes and
    centres, and makes sure every officer the plans need exists."""
    if n < 0 or months < 1:
        raise ValueError("the number of dossiers must be >= 0 and the number of months >= 1")
    calendar_code = calendar_code or getattr(settings, "MOTCUA_DEFAULT_CALENDAR", "VN")
    calendar = engine_calendar(calendar_code)
    until = until or timezone.localdate()
    as_of = dt.datetime.combine(until, dt.time.min, tzinfo=calendar.tzinfo)
    window_start = dt.datetime.combine(_months_before(until, months), dt.time.min, tzinfo=calendar.tzinfo)
    if window_start.date() < calendar.first or until > calendar.last:
        raise ValueError(f"the period {window_start.date()}..{until} is outside the calendar "
                         f"{calendar.first}..{calendar.last}")
    routes = _routes(procedures)
    if not routes:
        raise ValueError("no published procedure has an active process at an agency with a service centre: "
                         "load the demo first (motcua demo)")
    officers, users = _officers(routes, until)
    office = OfficeTime(calendar, window_start.date() - dt.timedelta(days=10), until + dt.timedelta(days=240))
    province_places = list(AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.COMMUNE, valid_to__isnull=True,
        parent__in=AdministrativeUnit.objects.filter(agencies__service_centres__in=[r.centre for r in routes])
    ).order_by("code").values_list("name", flat=True).distinct()) or ["Phường Tân Ninh"]
    return Context(seed=seed, n=n, months=months, until=until, as_of=as_of, window_start=window_start,
                   calendar_code=calendar_code, calendar=calendar, office=office, routes=routes, officers=officers,
                   users=users, places=province_places, shares=shares or Shares())


# ------------------------------------------------------------------ prepass: the vectorised draws


@dataclass
class Prepass:
    route: np.ndarray  # route index
    channel: np.ndarray
    received: np.ndarray  # epoch us, sorted
    due: np.ndarray  # epoch us: the due instant of a receipt at ``received`` (engine)
    outcome: np.ndarray  # index into OUTCOMES
    supplementation: np.ndarray
    obligation: np.ndarray
    reschedule: np.ndarray


def prepass(ctx: Context) -> Prepass:
    """Everything drawn for all dossiers at once (numpy, one generator seeded with ``seed``): route,
    channel, receipt instant (sorted, so dossier ``i`` is the ``i``-th receipt), due instant (the engine's
    batch API for working-day durations), outcome and the episodes."""
    n, shares, office = ctx.n, ctx.shares, ctx.office
    rng = np.random.default_rng([ctx.seed, 20170630])
    weights = np.array([r.weight for r in ctx.routes], dtype=float)
    route = rng.choice(len(ctx.routes), size=n, p=weights / weights.sum()) if n else np.zeros(0, dtype=np.int64)

    # Channels: online where allowed, at the rate that makes ~58 % overall; post among the rest.
    allows = {m: np.array([m in r.methods for r in ctx.routes]) for m in ("online", "counter", "post")}
    only_online = allows["online"] & ~allows["counter"] & ~allows["post"]
    share = weights / weights.sum()
    flexible = float(share[allows["online"] & ~only_online].sum())
    p_online = min(0.98, max(0.0, (shares.online - float(share[only_online].sum())) / flexible)) if flexible else 0
    p_online_route = np.where(only_online, 1.0, np.where(allows["online"], p_online, 0.0))
    post_room = float((share * (1 - p_online_route) * allows["post"]).sum())
    p_post = min(1.0, shares.post / post_room) if post_room else 0.0
    u, v = rng.random(n), rng.random(n)
    online = only_online[route] | (allows["online"][route] & (u < p_online))
    post = ~online & allows["post"][route] & ((v < p_post) | ~allows["counter"][route])
    channel = np.where(online, int(C.ONLINE), np.where(post, int(C.POST), int(C.COUNTER))).astype(np.int64)

    received = office.sample(rng, n, office.w(_us(ctx.window_start)), office.w(ctx.as_of_us)) if n else \
        np.zeros(0, dtype=np.int64)
    due = _due_instants(ctx, route, received)

    as_of = ctx.as_of_us
    day = office.working_day
    draws = rng.random((n, 6))
    outcome = np.zeros(n, dtype=np.int64)  # RESOLVED
    within = due > as_of
    ip_target = shares.in_progress * n
    ip = within & (draws[:, 0] < min(1.0, ip_target / max(1, int(within.sum()))))
    late_target = shares.late * n
    done_late_candidates = ~ip & (due < as_of - 10 * 86_400 * US)
    late = done_late_candidates & (draws[:, 1] < min(1.0, late_target * (1 - shares.late_still_open)
                                                      / max(1, int(done_late_candidates.sum()))))
    open_late_candidates = ~ip & ~late & (due < as_of)
    late_open = open_late_candidates & (draws[:, 2] < min(1.0, late_target * shares.late_still_open
                                                           / max(1, int(open_late_candidates.sum()))))
    outcome[ip] = OUTCOMES.index(IN_PROGRESS)
    outcome[late] = OUTCOMES.index(LATE)
    outcome[late_open] = OUTCOMES.index(LATE_OPEN)
    recent = received >= office.at(office.w(as_of) - day)
    submitted_only = ip & recent & (channel == C.ONLINE) & (draws[:, 3] < shares.submitted_of_recent_online)
    outcome[submitted_only] = OUTCOMES.index(SUBMITTED)
    supplementation = ~submitted_only & (draws[:, 4] < shares.supplementation)
    obligation = ~submitted_only & (draws[:, 5] < shares.obligation)
    reschedule = late & (rng.random(n) < shares.rescheduled_of_late)
    return Prepass(route=route, channel=channel, received=received, due=due, outcome=outcome,
                   supplementation=supplementation, obligation=obligation, reschedule=reschedule)


def _due_instants(ctx: Context, route: np.ndarray, received: np.ndarray) -> np.ndarray:
    """``compute_due`` of every receipt: Nwd durations through the engine's batch API (one call per
    cut-off), the others one by one."""
    due = np.zeros(len(received), dtype=np.int64)
    groups: dict[tuple, list[int]] = {}
    for r in ctx.routes:
        groups.setdefault(("wd", r.cutoff) if r.duration.endswith("wd") else ("one", None), []).append(r.index)
    for (kind, cutoff), indices in groups.items():
        mask = np.isin(route, indices)
        if not mask.any():
            continue
        if kind == "wd":
            n_days = np.array([int(r.duration[:-2]) if r.index in indices else 1 for r in ctx.routes],
                              dtype=np.int64)[route[mask]]
            out = ctx.calendar.due_working_days_batch(received[mask].view("datetime64[us]"), n_days, cutoff=cutoff)
            due[mask] = out.view(np.int64)
        else:
            for i in np.flatnonzero(mask):
                r = ctx.routes[route[i]]
                due[i] = _us(ctx.calendar.due(as_datetime(received[i]), r.duration, cutoff=r.cutoff).due_at)
    return due


# ------------------------------------------------------------------ plans


class Action:
    """One service call of a plan: ``target`` 0 is the dossier, k > 0 its k-th linked child."""

    __slots__ = ("at", "kind", "actor", "target", "params")

    def __init__(self, at: int, kind: str, actor: int | None, target: int = 0, **params):
        self.at, self.kind, self.actor, self.target, self.params = at, kind, actor, target, params

    def __repr__(self) -> str:
        return f"<{self.kind} {as_datetime(self.at, TZ_REPR):%Y-%m-%d %H:%M:%S} by {self.actor} on {self.target}>"


TZ_REPR = dt.timezone(dt.timedelta(hours=7))


@dataclass
class ChildPlan:
    reference: uuid.UUID
    step: object  # the inter-agency step
    partner: Agency


@dataclass
class Plan:
    index: int
    route: Route
    channel: int
    reference: uuid.UUID
    applicant: dict
    components: list[dict]
    outcome: str
    due: dt.datetime  # compute_due at receipt (engine; None when never received)
    actions: list[Action] = field(default_factory=list)
    children: list[ChildPlan] = field(default_factory=list)
    supplemented: bool = False
    obligation: bool = False
    rescheduled: bool = False


def plan_dossier(ctx: Context, pre: Prepass, i: int) -> Plan:
    rnd = random.Random(ctx.seed * 1_000_003 + i * 7_919 + 17)
    route = ctx.routes[int(pre.route[i])]
    channel = int(pre.channel[i])
    outcome = OUTCOMES[int(pre.outcome[i])]
    reference = uuid.UUID(int=rnd.getrandbits(128), version=4)
    online = channel == C.ONLINE
    plan = Plan(index=i, route=route, channel=channel, reference=reference,
                applicant=_applicant(rnd, route, ctx), components=_components(rnd, route, online),
                outcome=outcome, due=as_datetime(pre.due[i], ctx.calendar.tzinfo))
    t_rec = int(pre.received[i])
    counter = ctx.counter_officer(route)
    if online:
        if outcome == SUBMITTED:
            plan.actions.append(Action(t_rec, "submit", None))
            plan.due = None
            return plan
        submitted = t_rec - rnd.randint(2 * 60, 36 * 3600) * US
        plan.actions.append(Action(submitted, "submit", None))
    plan.actions.append(Action(t_rec, "receive", counter))
    _schedule(ctx, plan, rnd, t_rec, bool(pre.supplementation[i]), bool(pre.obligation[i]), bool(pre.reschedule[i]))
    _normalise(plan, ctx.as_of_us)
    return plan


def _normalise(plan: Plan, as_of: int) -> None:
    """Strictly increasing instants (a second apart at least), and nothing at or after ``as_of``."""
    previous = None
    for action in plan.actions:
        if previous is not None and action.at <= previous:
            action.at = previous + US
        previous = action.at
    plan.actions = [a for a in plan.actions if a.at < as_of]


def _schedule(ctx: Context, plan: Plan, rnd: random.Random, t_rec: int, supplemented: bool, obligation: bool,
              reschedule: bool) -> None:
    """Everything after the receipt, by office time: fee payment, supplementation, the steps, a financial
    obligation, an apology with a new appointment, the decision and the return of the result."""
    office, shares = ctx.office, ctx.shares
    route, day = plan.route, office.working_day
    online = plan.channel == C.ONLINE
    counter = ctx.counter_officer(route)
    applicant_or_counter = None if online else counter
    w0 = office.w(t_rec)
    actions = plan.actions
    w_start = w0
    due0 = plan.due
    due_w0 = office.w(_us(due0))
    if route.fee_due:  # paid at the counter (or online) right after the receipt: sooner when time is short
        w_start = w0 + min(rnd.randint(10, 180) * US, max(2 * US, (due_w0 - w0) // 8))
        actions.append(Action(office.at(w_start), "pay", applicant_or_counter, amount=route.fee_due,
                              method={C.ONLINE: "online", C.POST: "transfer"}.get(plan.channel, "cash"),
                              reference=f"PAY-{ctx.seed}-{plan.index:07d}" if online else ""))
    path = route.path
    weights = [_step_weight(step, day) * rnd.lognormvariate(0, 0.35) for step in path]

    decision = None
    for attempt in range(3):
        supp = supplemented and attempt < 2
        oblig = obligation and attempt < 1 and len(path) > 1
        w_work, due = w_start, due0
        if supp:
            if rnd.random() < shares.supplementation_late_request:
                a = rnd.uniform(3.1, 5) * day
            else:
                a = rnd.uniform(0.05, 0.95) * min(3 * day, max(0.5 * (due_w0 - w_start), 20 * MINUTE))
            w_req = w_start + int(a)
            w_sup = w_req + int(rnd.uniform(0.3, 6) * day)
            t_req, t_sup = office.at(w_req), office.at(w_sup)
            due = _due_after_supplementation(ctx, route, due0, t_req, t_sup)
            w_work = w_sup
        fixed = int(rnd.uniform(0.3, 3) * day) + rnd.randint(5, 30) * MINUTE if oblig else 0
        w_min = w_work + fixed + len(path) * STEP_MIN
        decision = _decision(ctx, plan, rnd, due, w_min, reschedule)
        if decision is not None:
            break
    if decision is None:
        as_w = office.w(ctx.as_of_us)
        if w_min + 10 * MINUTE < as_w:  # too little time left before the due instant: decided a little late
            decision = (rnd.randint(w_min, w_min + 10 * MINUTE), None)
            plan.outcome = LATE if decision[0] > office.w(_us(due)) else RESOLVED
        else:  # received too close to the end date to be decided before it: still in progress
            plan.outcome = IN_PROGRESS
            decision = (max(as_w + HOUR, w_min), None)
    plan.supplemented, plan.obligation = supp, oblig
    w_decided, new_due = decision

    if supp:
        item = _supplement_item(rnd, plan)
        actions.append(Action(t_req, "request_supplementation", ctx.step_officer(route, path[0]),
                              items=[item], reason=rnd.choice(SUPPLEMENTATION_REASONS)))
        actions.append(Action(t_sup, "receive_supplementation", applicant_or_counter,
                              components=[_supplement_component(rnd, item, online)]))

    available = max(w_decided - w_work - fixed, len(path) * STEP_MIN)
    total_weight = sum(weights)
    cursor = w_work
    for j, step in enumerate(path):
        if j == 1 and oblig:
            request_at = cursor + rnd.randint(5, 30) * MINUTE
            amount = rnd.randint(10, 5000) * 1000
            actions.append(Action(office.at(request_at), "request_payment", ctx.step_officer(route, path[0]),
                                  amount=amount, reason=rnd.choice(OBLIGATION_REASONS)))
            actions.append(Action(office.at(cursor + fixed), "pay", applicant_or_counter, amount=amount,
                                  method="online" if online else "cash",
                                  reference=f"PAY-{ctx.seed}-{plan.index:07d}-2" if online else ""))
            cursor += fixed
        shortest = MINUTE if step.action == "inter_agency" else STEP_MIN
        end = max(cursor + shortest, cursor + int(available * weights[j] / total_weight))
        if j == len(path) - 1:
            end = w_decided = max(w_decided, cursor + STEP_MIN)
            issuer = ctx.step_officer(route, step) if step.role in ISSUE_ROLES else ctx.leader(route)
            actions.append(Action(office.at(end), "issue_result", issuer, name=route.version.result_name[:300],
                                  number=f"{plan.index % 99_999 + 1}/{ctx.until.year}",
                                  electronic=online and bool(route.version.result_e_result)))
        elif step.action == "inter_agency":
            k = len(plan.children)
            partner = ctx.officer("agency", step.partner_agency_id, Role.SPECIALIST)
            actions.append(Action(office.at(end - 30 * US), "issue_result", partner, target=k,
                                  name=f"Kết quả phối hợp của {step.partner_agency.name}"[:300],
                                  number=f"{plan.index % 99_999 + 1}/{ctx.until.year}/LT", electronic=True))
            actions.append(Action(office.at(end - 15 * US), "return_result", partner, target=k, delivery="online"))
        else:
            target = route.steps[step.next_steps[0]]
            assignee = None if target.action == "inter_agency" else ctx.step_officer(route, target)
            params = {"to_step": target.code, "opinion": STEP_OPINIONS.get(step.action, ""), "assignee": assignee}
            if target.action == "inter_agency" and target.partner_agency_id:
                plan.children.append(ChildPlan(reference=uuid.UUID(int=rnd.getrandbits(128), version=4),
                                               step=target, partner=target.partner_agency))
                params["child"] = len(plan.children)
            actions.append(Action(office.at(end), "move", ctx.step_officer(route, step), **params))
        cursor = end

    if new_due is not None:  # the apology (Mẫu 04), shortly before the due instant passes
        due_w = office.w(_us(due))
        at = due_w - int(rnd.uniform(0.1, 1) * day)
        if at > max(w_work, w_start) + MINUTE:
            plan.rescheduled = True
            actions.append(Action(office.at(at), "reschedule", ctx.leader(route), new_due_at=new_due,
                                  reason=rnd.choice(RESCHEDULE_REASONS)))
    returned = w_decided + int(rnd.uniform(0.01, 0.3 if online else 2.0) * day if rnd.random() < 0.8
                               else rnd.uniform(0.3, 3) * day)
    delivery = "online" if online and route.version.result_e_result else (
        "post" if plan.channel == C.POST else "counter")
    actions.append(Action(office.at(returned), "return_result", counter, delivery=delivery))
    actions.sort(key=lambda a: a.at)


def _step_weight(step, day: int) -> float:
    duration = step.duration
    if not duration:
        return 0.5 * HOUR
    if duration.endswith("wh"):
        return int(duration[:-2]) * HOUR
    if duration.endswith("wd"):
        return int(duration[:-2]) * day
    return day


def _due_after_supplementation(ctx: Context, route: Route, due: dt.datetime, requested: int, received: int):
    """The due instant once the supplement arrived (as ``receive_supplementation`` computes it)."""
    version = route.version
    if (getattr(version, "clock_policy", "pause") or "pause") == "restart":
        return ctx.calendar.due(as_datetime(received), route.duration, cutoff=route.cutoff).due_at
    return ctx.calendar.extend_due(due, [(as_datetime(requested), as_datetime(received))])[0]


def _decision(ctx: Context, plan: Plan, rnd: random.Random, due: dt.datetime, w_min: int, reschedule: bool):
    """(office time of the decision, new appointment or None) for the plan's outcome; None if impossible."""
    office, shares, day = ctx.office, ctx.shares, ctx.office.working_day
    as_w = office.w(ctx.as_of_us)
    due_w = office.w(_us(due))
    local_due = due.astimezone(ctx.calendar.tzinfo)
    due_day_w = office.w(_us(dt.datetime.combine(local_due.date(), dt.time.min, tzinfo=ctx.calendar.tzinfo)))
    outcome = plan.outcome
    if outcome == RESOLVED:
        hi = min(due_w, as_w - MINUTE)
        early_hi = min(due_day_w, hi)
        if rnd.random() < shares.early_of_resolved and early_hi > w_min:
            return rnd.randint(w_min, early_hi), None
        if hi > max(w_min, due_day_w):
            return rnd.randint(max(w_min, due_day_w), hi), None
        if early_hi > w_min:
            return rnd.randint(w_min, early_hi), None
        return None
    if outcome == LATE:
        new_due = None
        if reschedule:
            new_due = ctx.calendar.due(due, f"{rnd.randint(2, 5)}wd").due_at
        lo = max(due_w + 15 * MINUTE, w_min)
        hi = min(office.w(_us(new_due)) if new_due else due_w + 3 * day, as_w - MINUTE)
        if hi <= lo:
            return None
        return rnd.randint(lo, hi), new_due
    if outcome == LATE_OPEN:
        return max(as_w + int(rnd.uniform(0.5, 5) * day), w_min), None
    # in progress, within the deadline
    lo = max(as_w + MINUTE, w_min)
    return (rnd.randint(lo, due_w) if due_w > lo else lo + HOUR), None


def _applicant(rnd: random.Random, route: Route, ctx: Context) -> dict:
    name = _vietnamese_name(rnd)
    born = rnd.randint(1950, 2006)
    century_sex = (0 if born < 2000 else 2) + rnd.randint(0, 1)
    id_number = f"{rnd.choice(('072', '080'))}{century_sex}{born % 100:02d}{rnd.randint(0, 999_999):06d}"
    place = route.place or rnd.choice(ctx.places)
    return {"name": name, "id_number": id_number,
            "phone": f"0{rnd.choice((3, 7, 8, 9))}{rnd.randint(0, 99_999_999):08d}",
            "address": f"{rnd.randint(1, 250)} {rnd.choice(STREETS)}, {place}, Tỉnh Tây Ninh"}


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())[:60] or "giay-to"


def _components(rnd: random.Random, route: Route, online: bool) -> list[dict]:
    chosen = [c for c in route.catalog_components if c.required or rnd.random() < 0.5]
    if not chosen and route.catalog_components:
        chosen = route.catalog_components[:1]
    components = []
    for c in chosen:
        kind = "original" if c.originals or not c.copies else rnd.choice(("certified_copy", "certified_copy",
                                                                           "photocopy"))
        item = {"name": c.name, "kind": kind, "copies": 1, "pages": rnd.randint(1, 8),
                "catalog_component_id": c.pk}
        if online:
            vault = bool(c.from_vault) and rnd.random() < 0.4
            item.update(from_vault=vault, digitized=True, file_name=f"{_slug(c.name)}.pdf",
                        content_type="application/pdf", size=rnd.randint(60_000, 2_500_000))
        components.append(item)
    if not components:
        components.append({"name": "Tờ khai theo mẫu", "kind": "original", "copies": 1, "pages": 1})
    return components


def _supplement_item(rnd: random.Random, plan: Plan) -> dict:
    names = [c["name"] for c in plan.components] or ["Giấy tờ chứng minh nơi cư trú"]
    return {"name": rnd.choice(names), "kind": rnd.choice(("certified_copy", "original"))}


def _supplement_component(rnd: random.Random, item: dict, online: bool) -> dict:
    component = {"name": item["name"], "kind": item["kind"], "copies": 1, "pages": rnd.randint(1, 4)}
    if online:
        component.update(digitized=True, file_name=f"bo-sung-{_slug(item['name'])}.pdf",
                         content_type="application/pdf", size=rnd.randint(60_000, 900_000))
    return component


def plans(ctx: Context, pre: Prepass, start: int = 0, stop: int | None = None):
    for i in range(start, ctx.n if stop is None else stop):
        yield plan_dossier(ctx, pre, i)


def summary(plan_list) -> dict:
    """What the plans add up to (outcomes, channels, episodes): the command prints it."""
    outcomes, channels = Counter(), Counter()
    supplemented = obligation = rescheduled = children = 0
    for plan in plan_list:
        outcomes[plan.outcome] += 1
        channels[plan.channel] += 1
        supplemented += plan.supplemented
        obligation += plan.obligation
        rescheduled += plan.rescheduled
        children += sum(1 for a in plan.actions if a.kind == "move" and "child" in a.params)
    return {"dossiers": sum(outcomes.values()), "outcomes": dict(outcomes),
            "channels": {C(k).name.lower(): v for k, v in channels.items()}, "supplemented": supplemented,
            "obligations": obligation, "rescheduled": rescheduled, "inter_agency_children": children}


# ------------------------------------------------------------------ the service path


class _Clock:
    def __init__(self, real):
        self.real, self.at = real, None

    def __call__(self):
        return self.at if self.at is not None else self.real()


@contextmanager
def simulated_time():
    """``django.utils.timezone.now`` answers the simulated instant the services act at (``clock.at``)."""
    clock = _Clock(timezone.now)
    timezone.now = clock
    try:
        yield clock
    finally:
        timezone.now = clock.real


@contextmanager
def planned_references():
    """The next dossier created gets the reference put in the returned list (the plan's, so both paths and
    every run with the same seed give the same references, hence the same event hashes)."""
    pending: list[uuid.UUID] = []

    def assign(sender, instance, raw=False, **kwargs):
        if instance._state.adding and pending:
            instance.reference = pending.pop(0)

    uid = "motcua.dossiers.seed.references"
    pre_save.connect(assign, sender=Dossier, weak=False, dispatch_uid=uid)
    try:
        yield pending
    finally:
        pre_save.disconnect(sender=Dossier, dispatch_uid=uid)


def run_services(ctx: Context, plan_list: list[Plan], *, progress=None, batch: int = 200) -> dict:
    """Carries the plans out through the services, every action at its planned instant and all dossiers'
    actions in chronological order (so codes are numbered in the order of receipt). Synthetic history
    notifies nobody (MOTCUA_NOTIFY_ENABLED is off meanwhile)."""
    from . import services

    users = ctx.users
    queue = [(a.at, p.index, k) for p in plan_list for k, a in enumerate(p.actions)]
    heapq.heapify(queue)
    by_index = {p.index: p for p in plan_list}
    remaining = {p.index: len(p.actions) for p in plan_list}
    dossiers: dict[tuple[int, int], Dossier] = {}
    done = 0
    with simulated_time() as clock, planned_references() as pending, override_settings(MOTCUA_NOTIFY_ENABLED=False):
        while queue:
            with transaction.atomic():
                for _ in range(batch):
                    if not queue:
                        break
                    at, index, k = heapq.heappop(queue)
                    plan = by_index[index]
                    action = plan.actions[k]
                    clock.at = as_datetime(at)
                    try:
                        _call(services, ctx, plan, action, dossiers, pending, users, clock.at)
                    except Exception as error:
                        raise RuntimeError(f"dossier #{index} ({plan.route.version.procedure.localised_code}), "
                                           f"action {k} {action!r}: {error}") from error
                    remaining[index] -= 1
                    if not remaining[index]:
                        done += 1
                        for target in range(len(plan.children) + 1):
                            dossiers.pop((index, target), None)
                        if progress is not None:
                            progress.update(1)
    return {"dossiers": done}


def _call(services, ctx: Context, plan: Plan, action: Action, dossiers: dict, pending: list, users: dict, now):
    route, p = plan.route, action.params
    actor = users.get(action.actor) if action.actor is not None else None
    key = (plan.index, action.target)
    dossier = dossiers.get(key)
    kind = action.kind
    if kind == "submit":
        pending[:] = [plan.reference]
        dossiers[key] = services.submit_online(
            applicant_user=None, procedure_version=route.version, deciding_agency=route.agency,
            receiving_centre=route.centre, applicant=plan.applicant, components=plan.components,
            calendar_code=ctx.calendar_code)
    elif kind == "receive":
        if dossier is None:
            pending[:] = [plan.reference]
            dossiers[key] = services.receive(
                actor=actor, procedure_version=route.version, receiving_centre=route.centre,
                deciding_agency=route.agency, applicant=plan.applicant, components=plan.components,
                channel=plan.channel, calendar_code=ctx.calendar_code, received_at=now)
        else:
            dossiers[key] = services.receive(actor=actor, dossier=dossier, received_at=now)
    elif kind == "pay":
        dossiers[key] = services.record_payment(actor=actor, dossier=dossier, amount=p["amount"], method=p["method"],
                                                reference=p["reference"])
    elif kind == "request_supplementation":
        services.request_supplementation(actor=actor, dossier=dossier, items=p["items"], reason=p["reason"],
                                         requested_at=now)
    elif kind == "receive_supplementation":
        dossiers[key] = services.receive_supplementation(actor=actor, dossier=dossier, components=p["components"],
                                                         received_at=now)
    elif kind == "move":
        if "child" in p:
            pending[:] = [plan.children[p["child"] - 1].reference]
        assignee = users.get(p["assignee"]) if p["assignee"] is not None else None
        dossiers[key] = services.move(actor=actor, dossier=dossier, to_step=p["to_step"], opinion=p["opinion"],
                                      assignee=assignee)
        if "child" in p:
            child = plan.children[p["child"] - 1]
            dossiers[(plan.index, p["child"])] = Dossier.objects.get(reference=child.reference)
    elif kind == "request_payment":
        dossiers[key] = services.request_payment(actor=actor, dossier=dossier, amount=p["amount"],
                                                 reason=p["reason"])
    elif kind == "reschedule":
        services.reschedule(actor=actor, dossier=dossier, new_due_at=p["new_due_at"], reason=p["reason"])
    elif kind == "issue_result":
        dossiers[key] = services.issue_result(actor=actor, dossier=dossier, name=p["name"], number=p["number"],
                                              electronic=p["electronic"])
    elif kind == "return_result":
        dossiers[key] = services.return_result(actor=actor, dossier=dossier, delivery=p["delivery"])
    else:
        raise ValueError(f"unknown action {kind}")
    if pending:
        raise RuntimeError("a planned reference was not used")


# ------------------------------------------------------------------ entry point


def generate(*, n: int, months: int = 6, seed: int = 1, until: dt.date | None = None, bulk: bool = False,
             progress: bool = False, shares: Shares | None = None, chunk_size: int = 5000,
             writer: str = "bulk_create", procedures=None, workers: int = 1) -> dict:
    """Plans ``n`` dossiers and writes them through the services or in bulk (``writer``: bulk_create, or
    copy on PostgreSQL, in ``workers`` processes); returns a summary."""
    ctx = build_context(n=n, months=months, seed=seed, until=until, shares=shares, procedures=procedures)
    pre = prepass(ctx)
    bar = _progress_bar(n, "bulk" if bulk else "services") if progress else None
    try:
        if bulk:
            from .bulk import run_bulk

            result = run_bulk(ctx, pre, progress=bar, chunk_size=chunk_size, writer=writer, workers=workers)
        else:
            plan_list = list(plans(ctx, pre))
            run_services(ctx, plan_list, progress=bar)
            result = summary(plan_list)
    finally:
        if bar is not None:
            bar.close()
    result.update(period=f"{ctx.window_start.date()}..{ctx.until - dt.timedelta(days=1)}", seed=seed,
                  path="bulk" if bulk else "services")
    return result


def _progress_bar(total: int, label: str):
    from tqdm import tqdm

    return tqdm(total=total, unit="dossier", desc=f"seed ({label})", smoothing=0.05, mininterval=0.5)


# ------------------------------------------------------------------ words

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
                "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Châu"]
FAMILY_WEIGHTS = [38, 11, 9.5, 7, 5, 3, 4.5, 4, 2, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 1.2, 0.6, 0.8, 0.5]
MIDDLE_MALE = ["Văn", "Hữu", "Minh", "Quốc", "Đức", "Thanh", "Công", "Hoàng", "Ngọc", "Tấn", "Thành"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Phương", "Hồng", "Bích", "Thúy"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khoa", "Long",
              "Minh", "Nam", "Nghĩa", "Phát", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thịnh", "Toàn",
              "Trí", "Trung", "Tuấn", "Việt", "Vinh"]
GIVEN_FEMALE = ["Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh",
                "Loan", "Mai", "My", "Ngân", "Nhung", "Nhi", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thủy",
                "Trang", "Trinh", "Uyên", "Vy", "Yến"]
STREETS = ["đường 30 Tháng 4", "đường Cách Mạng Tháng 8", "đường Trưng Nữ Vương", "đường Hùng Vương",
           "đường Nguyễn Trãi", "đường Lê Lợi", "đường Phạm Tung", "đường Trần Hưng Đạo", "ấp Bình Trung",
           "ấp Long Hưng", "tổ 5 khu phố 2", "ấp Thạnh Hiệp", "khu phố Ninh Phước"]
SUPPLEMENTATION_REASONS = [
    "Bản sao chưa được chứng thực theo quy định.",
    "Thông tin trên tờ khai chưa khớp với giấy tờ tùy thân.",
    "Thiếu chữ ký của người yêu cầu trên tờ khai.",
    "Giấy tờ đã hết hạn sử dụng, đề nghị nộp bản còn hiệu lực.",
]
OBLIGATION_REASONS = ["Lệ phí trước bạ", "Tiền sử dụng đất", "Lệ phí cấp giấy chứng nhận", "Phí thẩm định hồ sơ"]
RESCHEDULE_REASONS = [
    "Hồ sơ cần xác minh thêm thông tin tại địa phương.",
    "Cần lấy ý kiến của cơ quan có liên quan.",
    "Số lượng hồ sơ tăng đột biến trong kỳ.",
]
