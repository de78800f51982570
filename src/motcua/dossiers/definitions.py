"""The one set of statistical definitions over dossiers, shared by the reports, the 766 index and the
officer screens (docs/reports.md explains each in words).

Which dossiers count
    Top-level dossiers only (``parent`` empty): an inter-agency child (liên thông) is part of its
    parent's work and is never counted a second time. A dossier counts as received from ``received_at``
    (refused ones never were: they count as "refused at intake" on the day of refusal).

The end of a dossier
    The first of: decided (``decided_at``; a returned result was decided first), withdrawn or stopped
    (``ended_at``). Resolved = decided or returned.

In a period [start, stop) (``stop`` exclusive, both instants)
    carried over: received before ``start`` and not ended before it; new: received in the period;
    resolved early / on time / late, withdrawn, stopped: ended in the period; in progress: received
    before ``stop`` and not ended before it, split into within the deadline / overdue as at ``stop``.

On time (766, domain reference §8)
    The end (or ``stop`` for a dossier still in progress) is compared with the due date of the receipt
    (Mẫu 01) after subtracting the office time spent waiting for the applicant (request → supplement
    received). A dossier waiting for its single supplementation takes the request instant as its end;
    more than one request makes it overdue. ``workdays.ontime.classify`` decides.

Everything per dossier is in ``derive``; the reports aggregate what it returns, so the stored rollups
and a direct pass over the raw dossiers (``measure``) can only differ in how they add up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.workdays import ontime

from . import states
from .models import Dossier, DossierComponent, DossierEvent, DossierResult, Supplementation

S = states.Status

# Statuses in which a dossier is resolved, and how other dossiers end.
RESOLVED = (S.DECIDED, S.RETURNED)
END_RESOLVED, END_WITHDRAWN, END_STOPPED, END_REFUSED = "resolved", "withdrawn", "stopped", "refused"
END_KINDS = (END_RESOLVED, END_WITHDRAWN, END_STOPPED, END_REFUSED)
EARLY, ON_TIME, OVERDUE = ontime.EARLY, ontime.ON_TIME, ontime.OVERDUE
# Payment methods that are online payments (metric 3.6); a deployment may add its gateways' names.
ONLINE_PAYMENT_METHODS = frozenset({"online", "vnpay", "payment_platform", "national_payment_platform"})

# ------------------------------------------------------------------ conditions (querysets)

COUNTED = Q(parent__isnull=True)
RECEIVED = COUNTED & Q(received_at__isnull=False)


def ended_before(instant: dt.datetime) -> Q:
    """The dossier ended (decided, withdrawn, stopped or refused) before ``instant``."""
    return Q(decided_at__lt=instant) | Q(ended_at__lt=instant)


def received_between(start: dt.datetime, stop: dt.datetime) -> Q:
    return RECEIVED & Q(received_at__gte=start, received_at__lt=stop)


def in_progress_at(instant: dt.datetime) -> Q:
    """Received before ``instant`` and not ended before it (carried over into a period that starts at
    ``instant``; in progress at the end of one that stops there)."""
    return RECEIVED & Q(received_at__lt=instant) & ~ended_before(instant)


def running_overdue(now: dt.datetime) -> Q:
    """The operational "overdue" of the officer screens: the agency's clock runs and the current
    appointment (after pauses, restarts and an apology's new date) has passed. The 766 index judges
    against the receipt's due date instead (``classify_at``)."""
    return Q(status__in=(S.RECEIVED, S.PROCESSING, S.FINANCIAL_OBLIGATION), due_at__lt=now)


# ------------------------------------------------------------------ one dossier


@dataclass(frozen=True)
class Record:
    """What the definitions read of one dossier."""

    received_at: dt.datetime | None
    due_at: dt.datetime | None  # the receipt's due date (Mẫu 01)
    end_at: dt.datetime | None
    end_kind: str  # "" while in progress, else one of END_KINDS
    pauses: tuple = ()  # supplementation episodes: (requested_at, received_at or None), in order
    legal_max: str | None = None  # the procedure's processing time, when there is no due date

    def requests_before(self, instant: dt.datetime) -> list:
        return [p for p in self.pauses if p[0] < instant]


@dataclass(frozen=True)
class Verdict:
    status: str  # EARLY, ON_TIME or OVERDUE
    end_at: dt.datetime  # the instant judged (the request instant while waiting)
    due_at: dt.datetime | None  # the effective due instant, after pauses
    supplementations: int
    delta_seconds: float  # office time from the effective due to the end (> 0: late)
    pause_seconds: float

    @property
    def on_time(self) -> bool:
        return self.status != OVERDUE


def end_of(status: int, decided_at, ended_at) -> tuple[dt.datetime | None, str]:
    """(the end instant, how it ended) of a dossier; (None, "") while it is in progress."""
    if status == S.REFUSED:
        return ended_at, END_REFUSED
    if decided_at is not None:
        return decided_at, END_RESOLVED
    if status in (S.WITHDRAWN, S.STOPPED) and ended_at is not None:
        return ended_at, END_WITHDRAWN if status == S.WITHDRAWN else END_STOPPED
    return None, ""


def classify_at(record: Record, calendar, end: dt.datetime) -> Verdict:
    """The 766 verdict of a dossier judged at ``end`` (its own end, or the end of a period)."""
    episodes = record.requests_before(end)
    n = len(episodes)
    if n == 1 and (episodes[0][1] is None or episodes[0][1] >= end):
        judged, pauses = episodes[0][0], []  # waiting for the single supplementation
    else:
        judged, pauses = end, [p for p in episodes if p[1] is not None and p[1] < end]
    if record.due_at is None and record.legal_max is None:
        return Verdict(ON_TIME, judged, None, n, 0.0, 0.0)
    result = ontime.classify(calendar, record.due_at, judged, pauses=pauses, supplementations=n,
                             legal_max=None if record.due_at else record.legal_max, started_at=record.received_at)
    return Verdict(result.status, judged, result.due_at, n, result.delta_seconds, result.pause_seconds)


def _effective_due(record: Record, calendar, pauses) -> dt.datetime | None:
    if record.due_at is not None:
        return calendar.extend_due(record.due_at, pauses, started_at=record.received_at)[0]
    if record.legal_max is None:
        return None
    return calendar.due(record.received_at, record.legal_max, pauses=pauses).due_at


def overdue_spans(record: Record, calendar) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The instants T at which the dossier, in progress, counts as overdue (``classify_at(T)``), as
    half-open spans (a, b] (b None: for ever), clipped to (received, end]: the reports count a dossier
    overdue at the end of a period exactly when that end falls in one of them."""
    if record.received_at is None:
        return []
    p = record.pauses
    # Pieces of the time line on which the verdict has one form (see classify_at).
    pieces = []
    first_request = p[0][0] if p else None
    due0 = _effective_due(record, calendar, [])
    pieces.append((record.received_at, first_request, due0))  # no request yet: overdue after due0
    if p:
        r1, s1 = p[0]
        waiting_late = due0 is not None and r1 > due0
        pieces.append((r1, s1, r1 if waiting_late else "never"))  # waiting: the verdict of the request instant
        if s1 is not None:
            second = p[1][0] if len(p) > 1 else None
            pieces.append((s1, second, _effective_due(record, calendar, [(r1, s1)])))
            if second is not None:
                pieces.append((second, None, second))  # a second request: overdue from then on
    spans = []
    for start, stop, threshold in pieces:
        if threshold is None or threshold == "never":
            continue
        a = max(start, threshold)
        b = stop
        if record.end_at is not None and (b is None or record.end_at < b):
            b = record.end_at
        if b is None or a < b:
            if spans and spans[-1][1] == a:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    return spans


def waiting_spans(record: Record) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """(request, supplement received] of every episode, clipped to the end: waiting for the applicant."""
    spans = []
    for requested, received in record.pauses:
        b = received
        if record.end_at is not None and (b is None or record.end_at < b):
            b = record.end_at
        if b is None or requested < b:
            spans.append((requested, b))
    return spans


def processing_seconds(record: Record, calendar) -> float:
    """Office time from receipt to the end, without the time spent waiting for the applicant."""
    pauses = [(r, s if s is not None and s < record.end_at else record.end_at)
              for r, s in record.pauses if r < record.end_at]
    return calendar.working_time_between(record.received_at, record.end_at, pauses=pauses).seconds


@dataclass
class Flags:
    """Per-dossier facts behind the shares (and the 766 metrics 3.3, 3.6 and 4.x)."""

    online_766: bool = False  # online, and with an e-result when the procedure's result is on paper
    paper_result: bool = False  # the procedure returns a paper result by law
    e_result: bool = False  # an electronic result file was issued
    digitized: bool = False  # every component digitized and the result digitized
    reused: bool = False  # at least one component reused from digitized data
    data_store: bool = False  # a component taken from, or the result pushed to, the citizen's data store
    fee_bearing: bool = False
    paid_online: bool = False


@dataclass
class Derived:
    """Everything the reports need of one dossier."""

    record: Record
    flags: Flags
    verdict: Verdict | None = None  # at its end (ended dossiers other than refused)
    processing_seconds: float | None = None  # resolved ones
    overdue: list = field(default_factory=list)
    waiting: list = field(default_factory=list)


def derive(record: Record, flags: Flags, calendar) -> Derived:
    derived = Derived(record, flags)
    if record.received_at is None:
        return derived
    if record.end_at is not None:
        derived.verdict = classify_at(record, calendar, record.end_at)
        if record.end_kind == END_RESOLVED:
            derived.processing_seconds = processing_seconds(record, calendar)
    derived.overdue = overdue_spans(record, calendar)
    derived.waiting = waiting_spans(record)
    return derived


# ------------------------------------------------------------------ reading dossiers


LOAD_FIELDS = ("id", "status", "channel", "received_at", "due_at", "decided_at", "ended_at", "calendar_code",
               "fee_due", "result_delivery", "supplementation_count", "rescheduled", "deciding_agency_id",
               "current_step__division_id", "receiving_centre_id", "procedure_version__procedure_id",
               "procedure_version__procedure__field_id", "procedure_version__result_paper_required",
               "procedure_version__processing_amount", "procedure_version__processing_unit",
               "receiving_centre__administrative_unit_id", "deciding_agency__administrative_unit_id")
KEY_NAMES = ("deciding_agency_id", "division_id", "centre_id", "procedure_id", "field_id", "unit_id", "channel")


class Calendars(dict):
    """The engine calendars by code, read once per batch (``engine_calendar`` reads the database)."""

    def __missing__(self, code):
        from motcua.workdays.selectors import engine_calendar

        self[code] = calendar = engine_calendar(code)
        return calendar


@dataclass
class Loaded:
    id: int
    keys: dict
    calendar_code: str
    record: Record
    flags: Flags


def counted_ids(queryset=None):
    """The dossiers statistics count: top level, and received (or refused at intake)."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    return queryset.filter(COUNTED).filter(Q(received_at__isnull=False) | Q(status=S.REFUSED))


def _legal_max(amount, unit) -> str | None:
    if unit == "same_day":
        return "same_day"
    return f"{amount}{unit}" if unit and amount else None


def load(ids) -> list[Loaded]:
    """What the definitions read of the dossiers ``ids``, in at most five queries whatever their number
    (plain values, no model instances: the full refresh reads millions)."""
    ids = list(ids)
    if not ids:
        return []
    rows = list(Dossier.objects.filter(pk__in=ids).order_by("pk").values_list(*LOAD_FIELDS))
    need_history = [r[0] for r in rows if r[10] or r[11] or r[8]]
    pauses, components, results, events = {}, {}, {}, {}
    with_pauses = [r[0] for r in rows if r[10]]
    if with_pauses:
        for dossier_id, requested, received in (Supplementation.objects.filter(dossier_id__in=with_pauses)
                                                .order_by("dossier_id", "number")
                                                .values_list("dossier_id", "requested_at", "received_at")):
            pauses.setdefault(dossier_id, []).append((requested, received))
    for dossier_id, digitized, from_vault in (DossierComponent.objects.filter(dossier_id__in=ids)
                                              .values_list("dossier_id", "digitized", "from_vault")):
        components.setdefault(dossier_id, []).append((digitized, from_vault))
    results = dict(DossierResult.objects.filter(dossier_id__in=ids).values_list("dossier_id", "electronic"))
    if need_history:
        for dossier_id, kind, payload in (DossierEvent.objects.filter(
                dossier_id__in=need_history, kind__in=("received", "payment_recorded"))
                .order_by("dossier_id", "seq").values_list("dossier_id", "kind", "payload")):
            events.setdefault(dossier_id, []).append((kind, payload))
    out = []
    for (pk, status, channel, received_at, due_at, decided_at, ended_at, calendar_code, fee_due, delivery, _n,
         _rescheduled, agency, division, centre, procedure, field_id, paper, amount, unit, centre_unit,
         agency_unit) in rows:
        end_at, end_kind = end_of(status, decided_at, ended_at)
        due, methods = due_at, []
        for kind, payload in events.get(pk, ()):
            if kind == "received" and payload.get("due_at"):
                due = dt.datetime.fromisoformat(payload["due_at"])  # the receipt's due date (Mẫu 01)
            elif kind == "payment_recorded":
                methods.append(payload.get("method", ""))
        record = Record(received_at, due if received_at else None, end_at, end_kind, tuple(pauses.get(pk, ())),
                        _legal_max(amount, unit))
        parts = components.get(pk, [])
        e_result = bool(results.get(pk))
        from_vault = any(v for _d, v in parts)
        flags = Flags(
            online_766=channel == states.Channel.ONLINE and (not paper or e_result),
            paper_result=paper,
            e_result=e_result,
            digitized=bool(parts) and all(d for d, _v in parts) and e_result,
            reused=from_vault,
            data_store=from_vault or (e_result and delivery == Dossier.Delivery.ONLINE),
            fee_bearing=fee_due > 0,
            paid_online=fee_due > 0 and any(m in ONLINE_PAYMENT_METHODS for m in methods),
        )
        keys = {"deciding_agency_id": agency, "division_id": division, "centre_id": centre,
                "procedure_id": procedure, "field_id": field_id,
                "unit_id": centre_unit if centre else agency_unit, "channel": channel}
        out.append(Loaded(pk, keys, calendar_code, record, flags))
    return out


def batches(queryset=None, size: int = 5000):
    """The counted dossiers' ids, in batches (keyset pagination: constant time per batch)."""
    base = counted_ids(queryset).order_by("pk").values_list("pk", flat=True)
    last = 0
    while True:
        ids = list(base.filter(pk__gt=last)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


# ------------------------------------------------------------------ measures


MEASURES = (
    "carried_over", "received_new", "received", "resolved", "resolved_early", "resolved_on_time", "resolved_late",
    "withdrawn", "stopped", "refused", "in_progress", "in_progress_within", "in_progress_overdue",
    "waiting_supplementation", "supplementation_requests", "processing_seconds",
    "ended", "ended_on_time", "online_766", "paper_result_resolved", "e_result_resolved", "digitized",
    "reused", "data_store", "fee_bearing", "paid_online",
) + tuple(f"received_new_channel_{c.value}" for c in states.Channel)


def contribute(totals: Counter, derived: Derived, channel: int, start: dt.datetime, stop: dt.datetime,
               calendar) -> None:
    """Adds one dossier to the measures of the period [start, stop): the direct computation."""
    rec, flags = derived.record, derived.flags
    ended_in = rec.end_at is not None and start <= rec.end_at < stop
    if rec.end_kind == END_REFUSED:
        if ended_in:
            totals["refused"] += 1
        return
    if rec.received_at is None:
        return
    for requested, _received in rec.pauses:
        if start <= requested < stop:
            totals["supplementation_requests"] += 1
    if rec.received_at < start and not (rec.end_at is not None and rec.end_at < start):
        totals["carried_over"] += 1
    if start <= rec.received_at < stop:
        totals["received_new"] += 1
        totals[f"received_new_channel_{channel}"] += 1
        for name in ("online_766", "digitized", "reused", "data_store", "fee_bearing", "paid_online"):
            totals[name] += getattr(flags, name)
    if ended_in:
        totals["ended"] += 1
        totals["ended_on_time"] += derived.verdict.on_time
        if rec.end_kind == END_RESOLVED:
            totals["resolved"] += 1
            totals[{EARLY: "resolved_early", ON_TIME: "resolved_on_time", OVERDUE: "resolved_late"}[
                derived.verdict.status]] += 1
            totals["processing_seconds"] += derived.processing_seconds
            if flags.paper_result:
                totals["paper_result_resolved"] += 1
                totals["e_result_resolved"] += flags.e_result
        else:
            totals[rec.end_kind] += 1
    if rec.received_at < stop and not (rec.end_at is not None and rec.end_at < stop):
        totals["in_progress"] += 1
        verdict = classify_at(rec, calendar, stop)
        totals["in_progress_overdue" if verdict.status == OVERDUE else "in_progress_within"] += 1
        if any(r < stop and (s is None or s >= stop) for r, s in rec.pauses):
            totals["waiting_supplementation"] += 1


def finish(totals: Counter) -> dict:
    """The measures with every name present and the sums that follow from the others."""
    out = {name: totals.get(name, 0) for name in MEASURES}
    out["received"] = out["carried_over"] + out["received_new"]
    return out


# ------------------------------------------------------------------ reasons (drill-down)


def _amount(calendar, start: dt.datetime, end: dt.datetime) -> str:
    """A span of office time as "N working days [and H hours]"."""
    span = calendar.working_time_between(start, end)
    days, hours = span.days, round(span.remainder_seconds / 3600, 1)
    text = ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days}
    if hours:
        text = _("%(days)s and %(hours)s working hours") % {"days": text, "hours": f"{hours:g}"}
    return text


def explain(record: Record, verdict: Verdict, calendar) -> str:
    """Why a dossier counts as it does, in the reader's language: "overdue by 2 working days after
    removing 3 working days of supplementation"."""
    pause = ""
    if verdict.pause_seconds:
        closed = [(r, s) for r, s in record.pauses if s is not None and s <= verdict.end_at]
        days = sum(calendar.working_time_between(r, s).days for r, s in closed)
        pause = ngettext("%(n)d working day of supplementation", "%(n)d working days of supplementation",
                         days) % {"n": days}
    if verdict.supplementations > 1:
        return ngettext("supplementation requested %(n)d time: counts as overdue",
                        "supplementation requested %(n)d times (more than once): counts as overdue",
                        verdict.supplementations) % {"n": verdict.supplementations}
    if verdict.due_at is None:
        return _("no time limit: counts as on time")
    if verdict.status == OVERDUE:
        amount = _amount(calendar, verdict.due_at, verdict.end_at)
        if pause:
            return _("overdue by %(amount)s after removing %(pause)s") % {"amount": amount, "pause": pause}
        return _("overdue by %(amount)s") % {"amount": amount}
    amount = _amount(calendar, verdict.end_at, verdict.due_at)
    if verdict.status == EARLY:
        text = _("early by %(amount)s") % {"amount": amount}
    else:
        text = _("on time (on the due date)")
    if pause:
        text = _("%(verdict)s after removing %(pause)s") % {"verdict": text, "pause": pause}
    return text
