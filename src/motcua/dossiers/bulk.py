"""The bulk path of the dossier generator (``motcua seed --bulk``): for the same plans as the service
path (``motcua.dossiers.seed``), the rows the services would write — dossiers, linked children,
components, supplementations, reschedules, results, hash-chained events and code sequences — computed
in memory and written with ``bulk_create``, a chunk of plans per transaction.

How it stays equal to the service path:

* each action is replayed by a function mirroring its service (``_Replay``): the same field changes, the
  same event kind, statuses, steps and payload, with deadlines from the same engine calls — the receipt's
  due instant through the engine's batch API (``Calendar.due_working_days_batch``, computed for all
  dossiers in the prepass), step due instants, extensions and working time one by one;
* datetimes a service reads back from the database (the due instant in ``receive_supplementation`` and
  ``reschedule`` payloads) are taken in UTC, as the database returns them;
* dossier codes are numbered before anything is written: every receipt and every linked child, per
  receiving unit and local day, in the order the service path executes them (instant, dossier, action),
  continuing the existing ``CodeSequence`` rows; each chunk raises those rows to the highest number it
  issued, in the same transaction, so codes and sequences never disagree;
* each event's hash is ``chain.event_hash`` over exactly what ``services.core.record`` hashes.

``tests/test_seed.py`` runs both paths on the same plans and compares every row field by field.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from django.db import transaction
from django.utils import timezone

from . import chain, codes, states
from .models import (
    CodeSequence,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierResult,
    Reschedule,
    Supplementation,
)
from .seed import OUTCOMES, SUBMITTED, US, Context, Plan, Prepass, as_datetime, plan_dossier, summary

S = states.Status
STEP_EVENT = {"appraise": "appraised", "review": "reviewed", "approve": "approved", "sign": "signed",
              "issue_result": "moved", "return_result": "moved", "receive": "moved", "inter_agency": "sent"}
DAY_US = 86_400 * US


# ------------------------------------------------------------------ codes


class Codes:
    """Dossier code numbers fixed in advance: ``receipt[i]`` for dossier i (0: never received) and
    ``child[(i, k)]`` for its k-th linked child."""

    def __init__(self, receipt: np.ndarray, child: dict, prefixes: list[str]):
        self.receipt, self.child, self.prefixes = receipt, child, prefixes
        self.issued: dict[tuple[str, dt.date], int] = {}  # the highest number written so far per key

    def note(self, prefix: str, day: dt.date, number: int) -> None:
        key = (prefix, day)
        if number > self.issued.get(key, 0):
            self.issued[key] = number


def _local_days(us: np.ndarray) -> np.ndarray:
    """Local dates (days since the epoch) of instants, in Django's current time zone (as ``next_code``)."""
    if not len(us):
        return np.zeros(0, dtype=np.int64)
    zone = timezone.get_current_timezone()
    offsets = {as_datetime(int(x)).astimezone(zone).utcoffset() for x in (us.min(), us.max())}
    if len(offsets) == 1:
        offset = int(offsets.pop().total_seconds()) * US
        return (us + offset) // DAY_US
    epoch = dt.date(1970, 1, 1)
    return np.array([(as_datetime(int(x)).astimezone(zone).date() - epoch).days for x in us], dtype=np.int64)


def number_codes(ctx: Context, pre: Prepass) -> Codes:
    """Numbers every receipt and linked child in the service path's order: per (prefix, local day), by
    instant, then dossier, then action; after the existing ``CodeSequence.last``."""
    prefixes = sorted({r.prefix for r in ctx.routes} | {s.partner_agency.code for r in ctx.routes
                                                         for s in r.path if s.action == "inter_agency"})
    prefix_id = {p: k for k, p in enumerate(prefixes)}
    route_prefix = np.array([prefix_id[r.prefix] for r in ctx.routes], dtype=np.int64)
    received = pre.outcome != OUTCOMES.index(SUBMITTED)
    index = np.flatnonzero(received)
    p = route_prefix[pre.route[index]] if len(index) else np.zeros(0, dtype=np.int64)
    t = pre.received[index]
    k = (pre.channel[index] == states.Channel.ONLINE).astype(np.int64)  # receive is action 1 after a submit
    kinds = np.zeros(len(index), dtype=np.int64)  # 0 receipt, 1 child
    child_keys = []
    if any(r.has_inter_agency for r in ctx.routes):
        inter = {r.index for r in ctx.routes if r.has_inter_agency}
        extra = []
        for i in np.flatnonzero(np.isin(pre.route, list(inter))):
            plan = plan_dossier(ctx, pre, int(i))
            for position, action in enumerate(plan.actions):
                if action.kind == "move" and "child" in action.params:
                    child = plan.children[action.params["child"] - 1]
                    extra.append((prefix_id[child.partner.code], action.at, int(i), position))
                    child_keys.append((int(i), action.params["child"]))
        if extra:
            e = np.array(extra, dtype=np.int64)
            p, t = np.concatenate([p, e[:, 0]]), np.concatenate([t, e[:, 1]])
            index, k = np.concatenate([index, e[:, 2]]), np.concatenate([k, e[:, 3]])
            kinds = np.concatenate([kinds, np.ones(len(e), dtype=np.int64)])
    days = _local_days(t)
    order = np.lexsort((k, index, t, days, p))
    p, days, index, kinds = p[order], days[order], index[order], kinds[order]
    child_order = np.flatnonzero(kinds == 1)
    positions = np.arange(len(order))
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = (p[1:] != p[:-1]) | (days[1:] != days[:-1])
    group_start = np.maximum.accumulate(np.where(new_group, positions, 0)) if len(order) else positions
    rank = positions - group_start + 1
    epoch = dt.date(1970, 1, 1)
    existing = {}
    if len(order):
        first, last_day = epoch + dt.timedelta(days=int(days.min())), epoch + dt.timedelta(days=int(days.max()))
        existing = {(s.prefix, s.day): s.last for s in CodeSequence.objects.filter(
            prefix__in=prefixes, day__gte=first, day__lte=last_day)}
    base = np.array([existing.get((prefixes[a], epoch + dt.timedelta(days=int(b))), 0)
                     for a, b in zip(p[new_group], days[new_group], strict=True)], dtype=np.int64)
    group_number = np.cumsum(new_group) - 1
    number = base[group_number] + rank if len(order) else rank
    receipt = np.zeros(ctx.n, dtype=np.int64)
    is_receipt = kinds == 0
    receipt[index[is_receipt]] = number[is_receipt]
    # children: their rows, in the order they were collected
    child_rank = {}
    original = order[child_order] - int(is_receipt.size - len(child_keys)) if len(child_keys) else []
    for position, original_position in zip(child_order, original, strict=True):
        child_rank[child_keys[int(original_position)]] = int(number[position])
    return Codes(receipt=receipt, child=child_rank, prefixes=prefixes)


# ------------------------------------------------------------------ replaying the services

# Rows are plain dicts keyed by column attribute names ("procedure_version_id", …). A row pointing at a
# dossier holds the dossier's position in the chunk in "dossier_id" (and a child its parent's position
# in "parent_id"); the writers put the real ids in.
DOSSIER_COLUMNS = [f.attname for f in Dossier._meta.concrete_fields]
COMPONENT_COLUMNS = [f.attname for f in DossierComponent._meta.concrete_fields if f.attname != "id"]
SUPPLEMENTATION_COLUMNS = [f.attname for f in Supplementation._meta.concrete_fields if f.attname != "id"]
RESCHEDULE_COLUMNS = [f.attname for f in Reschedule._meta.concrete_fields if f.attname != "id"]
RESULT_COLUMNS = [f.attname for f in DossierResult._meta.concrete_fields if f.attname != "id"]
EVENT_COLUMNS = [f.attname for f in DossierEvent._meta.concrete_fields if f.attname != "id"]
_SET_BY_REPLAY = {"id", "reference", "applicant", "created_at"}
DOSSIER_DEFAULTS = {f.attname: f.get_default() for f in Dossier._meta.concrete_fields
                    if f.attname not in _SET_BY_REPLAY}


class _Chain:
    """One dossier being built: its row, its current step and its event chain."""

    __slots__ = ("row", "local", "step", "events", "prev", "supplementations", "requests", "payments")

    def __init__(self, row: dict, local: int, step=None):
        self.row, self.local, self.step = row, local, step
        self.events, self.prev = [], chain.GENESIS
        self.supplementations, self.requests, self.payments = [], [], []


class Rows:
    """The rows of one chunk, ready for a writer."""

    def __init__(self):
        self.dossiers: list[dict] = []  # parents first is not required: parent_id holds a position
        self.components: list[dict] = []
        self.supplementations: list[dict] = []
        self.reschedules: list[dict] = []
        self.results: list[dict] = []
        self.events: list[dict] = []


class _Replay:
    """The services' effects for the plans of one chunk, mirroring ``motcua.dossiers.services``."""

    def __init__(self, ctx: Context, codes_: Codes):
        self.ctx, self.codes, self.cal = ctx, codes_, ctx.calendar
        self.rows = Rows()
        self.names = {pk: user.get_full_name() for pk, user in ctx.users.items()}
        self.result_names = {}

    # --- what the services share (services.core)

    def record(self, c: _Chain, *, kind: str, actor, from_status, at: dt.datetime, payload: dict | None = None,
               from_step: str = "") -> None:
        d = c.row
        seq = len(c.events) + 1
        to_step = c.step.code if c.step is not None else ""
        payload = payload or {}
        occurred = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
        digest = chain.event_hash(prev_hash=c.prev, dossier=str(d["reference"]), seq=seq, kind=kind, actor=actor,
                                  occurred_at=occurred, from_status=from_status, to_status=d["status"],
                                  from_step=from_step, to_step=to_step, payload=payload)
        d["version"] += 1
        c.events.append({
            "dossier_id": c.local, "seq": seq, "kind": kind, "actor_id": actor,
            "actor_name": self.names[actor] if actor else "", "occurred_at": dt.datetime.fromisoformat(occurred),
            "from_status": from_status, "to_status": d["status"], "from_step": from_step, "to_step": to_step,
            "payload": payload, "prev_hash": c.prev, "hash": digest})
        c.prev = digest

    def step_due(self, step, start: dt.datetime):
        if step is None or not step.duration:
            return None
        try:
            return self.cal.due(start, step.duration).due_at
        except ValueError:
            return None

    def code(self, prefix: str, at: dt.datetime, number: int) -> str:
        day = timezone.localtime(at).date()
        self.codes.note(prefix, day, number)
        return codes.dossier_code(prefix, day, number)

    @staticmethod
    def allow(c: _Chain, action: str) -> None:
        if action in states.ALLOWED and not states.allowed(action, c.row["status"]):
            raise ValueError(f"{action} is not possible in status {c.row['status']} ({c.row['reference']})")

    def begin(self, chains: dict, action, service: str) -> tuple[_Chain, dict, dict]:
        """The dossier an action works on, checked as ``services.core.lock`` checks it: (chain, params, row)."""
        c = chains[action.target]
        self.allow(c, service)
        return c, action.params, c.row

    def add_components(self, c: _Chain, components: list[dict], at) -> None:
        for item in components:
            self.rows.components.append({
                "dossier_id": c.local, "catalog_component_id": item.get("catalog_component_id"),
                "name": item["name"], "kind": item.get("kind", "original"), "copies": item.get("copies", 1),
                "pages": item.get("pages"), "file": "", "file_name": item.get("file_name", ""),
                "content_type": item.get("content_type", ""), "size": item.get("size", 0),
                "sha256": item.get("sha256", ""), "digitized": item.get("digitized", False),
                "from_vault": item.get("from_vault", False), "added_at": at})

    def new_row(self, **fields) -> dict:
        row = dict(DOSSIER_DEFAULTS)
        row.update(fields)
        self.rows.dossiers.append(row)
        return row

    def new_dossier(self, plan: Plan, channel: int, at: dt.datetime) -> _Chain:  # intake._new_dossier
        route, applicant = plan.route, plan.applicant
        version = route.version
        row = self.new_row(
            reference=plan.reference, status=S.SUBMITTED, channel=channel, procedure_version_id=version.pk,
            receiving_centre_id=route.centre.pk, receiving_agency_id=route.centre.agency_id,
            deciding_agency_id=route.agency.pk, calendar_code=self.ctx.calendar_code, submitted_at=at,
            clock_policy=getattr(version, "clock_policy", "pause") or "pause", fee_due=route.fee_due,
            applicant=applicant, applicant_name=(applicant.get("name") or "").strip(),
            applicant_id_number=(applicant.get("id_number") or "").strip(),
            applicant_phone=(applicant.get("phone") or "").strip(), created_at=at)
        c = _Chain(row, len(self.rows.dossiers) - 1)
        self.add_components(c, plan.components, at)
        return c

    # --- the plan

    def replay(self, plan: Plan) -> None:
        chains: dict[int, _Chain] = {}
        for action in plan.actions:
            getattr(self, f"do_{action.kind}")(plan, chains, action, as_datetime(action.at))
        for _target, c in sorted(chains.items()):
            self.rows.supplementations.extend(c.supplementations)
            self.rows.events.extend(c.events)

    def do_submit(self, plan, chains, action, at):  # intake.submit_online
        c = chains[0] = self.new_dossier(plan, states.Channel.ONLINE, at)
        self.record(c, kind="submitted", actor=action.actor, from_status=None, at=at,
                    payload={"procedure": plan.route.version.procedure.localised_code,
                             "components": len(plan.components)})

    def do_receive(self, plan, chains, action, at):  # intake.receive
        route = plan.route
        if 0 not in chains:
            chains[0] = self.new_dossier(plan, plan.channel, at)
        c = chains[0]
        self.allow(c, "receive")
        d = c.row
        d["code"] = self.code(route.prefix, at, int(self.codes.receipt[plan.index]))
        d["status"] = S.RECEIVED
        d["received_at"] = at
        d["due_at"] = plan.due
        d["process_id"], c.step = route.process.pk, route.first_step
        d["current_step_id"] = c.step.pk
        d["step_due_at"] = self.step_due(c.step, at)
        self.record(c, kind="received", actor=action.actor, from_status=S.SUBMITTED, at=at,
                    payload={"code": d["code"], "due_at": d["due_at"].isoformat(), "step": c.step.code})

    def do_pay(self, plan, chains, action, at):  # lifecycle.record_payment
        c, p, d = self.begin(chains, action, "record_payment")
        from_status = d["status"]
        d["fee_paid"] += p["amount"]
        if d["status"] == S.FINANCIAL_OBLIGATION and d["fee_paid"] >= d["fee_due"]:
            d["status"] = c.payments[-1].get("previous_status", S.PROCESSING)
        self.record(c, kind="payment_recorded", actor=action.actor, from_status=from_status, at=at,
                    payload={"amount": p["amount"], "method": p["method"], "reference": p["reference"]})

    def do_request_supplementation(self, plan, chains, action, at):  # supplementation.request_supplementation
        c, p, d = self.begin(chains, action, "request_supplementation")
        working = self.cal.working_time_between(d["received_at"], at)
        number = d["supplementation_count"] + 1
        reason = p["reason"].strip()
        c.supplementations.append({"dossier_id": c.local, "number": number, "requested_at": at,
                                   "requested_by_id": action.actor, "items": p["items"], "reason": reason,
                                   "received_at": None})
        from_status = d["status"]
        d["status"] = S.SUPPLEMENTATION
        d["supplementation_count"] += 1
        payload = {"number": number, "items": p["items"], "reason": reason, "previous_status": from_status,
                   "within_3_working_days": working.days < 3, "more_than_once": number > 1}
        c.requests.append(payload)
        self.record(c, kind="supplementation_requested", actor=action.actor, from_status=from_status, at=at,
                    from_step=c.step.code if c.step is not None else "", payload=payload)

    def do_receive_supplementation(self, plan, chains, action, at):  # supplementation.receive_supplementation
        c, p, d = self.begin(chains, action, "receive_supplementation")
        episode = [e for e in c.supplementations if e["received_at"] is None][-1]
        episode["received_at"] = at
        self.add_components(c, p["components"], at)
        previous_due = d["due_at"].astimezone(dt.UTC)  # as the service reads it back from the database
        if d["clock_policy"] == "restart":
            route = plan.route
            d["due_at"] = self.cal.due(at, route.duration, cutoff=route.cutoff).due_at
        else:
            d["due_at"], _added = self.cal.extend_due(previous_due, [(episode["requested_at"], at)])
        d["status"] = c.requests[-1].get("previous_status") or S.PROCESSING
        self.record(c, kind="supplementation_received", actor=action.actor, from_status=S.SUPPLEMENTATION, at=at,
                    payload={"number": episode["number"], "components": len(p["components"]),
                             "previous_due_at": previous_due.isoformat(), "due_at": d["due_at"].isoformat(),
                             "policy": d["clock_policy"]})

    def do_move(self, plan, chains, action, at):  # processing.move
        c, p, d = self.begin(chains, action, "move")
        current = c.step
        if p["to_step"] not in current.next_steps:
            raise ValueError(f"{p['to_step']} does not follow {current.code}")
        step = plan.route.steps[p["to_step"]]
        from_status = d["status"]
        d["status"] = S.PROCESSING
        c.step = step
        d["current_step_id"] = step.pk
        d["assignee_id"] = p["assignee"]
        d["step_due_at"] = self.step_due(step, at)
        payload = {"opinion": p["opinion"].strip(), "step_action": current.action}
        if step.action == "inter_agency":
            payload["child"] = self.fan_out(plan, chains, p["child"], c, step, action.actor, at)
        self.record(c, kind=STEP_EVENT.get(current.action, "moved"), actor=action.actor, from_status=from_status,
                    at=at, from_step=current.code, payload=payload)

    def fan_out(self, plan, chains, k: int, parent: _Chain, step, actor, at) -> str:  # processing._fan_out
        p = parent.row
        partner = step.partner_agency
        row = self.new_row(
            reference=plan.children[k - 1].reference, status=S.RECEIVED, channel=p["channel"],
            procedure_version_id=p["procedure_version_id"], receiving_centre_id=None, receiving_agency_id=partner.pk,
            deciding_agency_id=partner.pk, applicant=p["applicant"], applicant_name=p["applicant_name"],
            applicant_id_number=p["applicant_id_number"], applicant_phone=p["applicant_phone"],
            parent_id=parent.local, calendar_code=p["calendar_code"], submitted_at=at, received_at=at,
            created_at=at, code=self.code(partner.code, at, self.codes.child[(plan.index, k)]))
        row["due_at"] = p["step_due_at"]
        c = chains[k] = _Chain(row, len(self.rows.dossiers) - 1)
        self.record(c, kind="received", actor=actor, from_status=None, at=at,
                    payload={"parent": p["code"], "code": row["code"],
                             "due_at": row["due_at"].isoformat() if row["due_at"] else None})
        return row["code"]

    def do_request_payment(self, plan, chains, action, at):  # lifecycle.request_payment
        c, p, d = self.begin(chains, action, "request_payment")
        from_status = d["status"]
        d["fee_due"] += p["amount"]
        d["status"] = S.FINANCIAL_OBLIGATION
        payload = {"amount": p["amount"], "reason": p["reason"].strip(), "previous_status": from_status}
        c.payments.append(payload)
        self.record(c, kind="payment_requested", actor=action.actor, from_status=from_status, at=at, payload=payload)

    def do_reschedule(self, plan, chains, action, at):  # lifecycle.reschedule
        c, p, d = self.begin(chains, action, "reschedule")
        previous = d["due_at"].astimezone(dt.UTC)  # as the service reads it back from the database
        if d["rescheduled"] or not p["new_due_at"] > previous or at > previous:
            raise ValueError(f"the reschedule of {d['reference']} is not possible")
        reason = p["reason"].strip()
        self.rows.reschedules.append({"dossier_id": c.local, "previous_due_at": previous,
                                      "new_due_at": p["new_due_at"], "reason": reason,
                                      "created_by_id": action.actor, "created_at": at})
        d["due_at"], d["rescheduled"] = p["new_due_at"], True
        self.record(c, kind="rescheduled", actor=action.actor, from_status=d["status"], at=at,
                    payload={"previous_due_at": previous.isoformat(), "new_due_at": p["new_due_at"].isoformat(),
                             "reason": reason})

    def do_issue_result(self, plan, chains, action, at):  # processing.issue_result (and _join)
        c, p, d = self.begin(chains, action, "issue_result")
        if c.step is not None and c.step.next_steps:
            raise ValueError(f"{d['reference']} is not at its last step")
        self.rows.results.append({"dossier_id": c.local, "name": p["name"] or plan.route.version.result_name or "",
                                  "number": p["number"], "file": "", "sha256": "", "electronic": p["electronic"],
                                  "issued_at": at})
        from_status = d["status"]
        d["status"], d["decided_at"] = S.DECIDED, at
        self.record(c, kind="result_issued", actor=action.actor, from_status=from_status, at=at,
                    from_step=c.step.code if c.step is not None else "",
                    payload={"name": p["name"], "number": p["number"], "electronic": p["electronic"], "sha256": ""})
        if action.target:
            self.join(plan, chains, c, action.actor, at)

    def join(self, plan, chains, child: _Chain, actor, at) -> None:  # processing._join
        parent = chains[0]
        step = parent.step
        if step is None or step.action != "inter_agency":
            return
        if any(c.row["status"] not in (S.DECIDED, S.RETURNED) for k, c in chains.items() if k):
            return
        parent.step = plan.route.steps[step.next_steps[0]]
        parent.row["current_step_id"] = parent.step.pk
        parent.row["step_due_at"] = self.step_due(parent.step, at)
        self.record(parent, kind="joined", actor=actor, from_status=parent.row["status"], at=at,
                    from_step=step.code, payload={"child": child.row["code"]})

    def do_return_result(self, plan, chains, action, at):  # processing.return_result
        c, p, d = self.begin(chains, action, "return_result")
        if d["fee_paid"] < d["fee_due"]:
            raise ValueError(f"the fees of {d['reference']} are not paid")
        d["status"], d["returned_at"], d["ended_at"] = S.RETURNED, at, at
        d["result_delivery"] = p["delivery"]
        self.record(c, kind="result_returned", actor=action.actor, from_status=S.DECIDED, at=at,
                    payload={"delivery": p["delivery"], "note": ""})


def replay(ctx: Context, codes_: Codes, plan_list) -> Rows:
    """The rows the services would write for these plans."""
    replayer = _Replay(ctx, codes_)
    for plan in plan_list:
        replayer.replay(plan)
    return replayer.rows


# ------------------------------------------------------------------ writers


def _resolve(rows: list[dict], ids: list[int]) -> None:
    for row in rows:
        row["dossier_id"] = ids[row["dossier_id"]]


def write_bulk_create(rows: Rows, batch_size: int = 1000) -> None:
    """With ``bulk_create`` (any database): dossiers without parent first (ids returned), then children."""
    local_ids: list[int | None] = [None] * len(rows.dossiers)
    for level in (False, True):
        positions = [k for k, row in enumerate(rows.dossiers) if (row["parent_id"] is not None) == level]
        objects = []
        for k in positions:
            row = dict(rows.dossiers[k])
            if level:
                row["parent_id"] = local_ids[row["parent_id"]]
            row.pop("id", None)
            objects.append(Dossier(**row))
        Dossier.objects.bulk_create(objects, batch_size=batch_size)
        for k, obj in zip(positions, objects, strict=True):
            local_ids[k] = obj.pk
    for model, items in ((DossierComponent, rows.components), (Supplementation, rows.supplementations),
                         (Reschedule, rows.reschedules), (DossierResult, rows.results), (DossierEvent, rows.events)):
        if items:
            _resolve(items, local_ids)
            model.objects.bulk_create([model(**row) for row in items], batch_size=batch_size)


def write_copy(rows: Rows) -> None:
    """With PostgreSQL's COPY: the same rows, ids of the dossiers taken from their sequence first."""
    from django.db import connection

    with connection.cursor() as cursor:
        table = Dossier._meta.db_table
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(rows.dossiers)])
        ids = [row[0] for row in cursor.fetchall()]
        for k, row in enumerate(rows.dossiers):
            row["id"] = ids[k]
        for row in rows.dossiers:
            if row["parent_id"] is not None:
                row["parent_id"] = ids[row["parent_id"]]
        raw = cursor.connection  # the psycopg connection
        with raw.cursor() as pg:
            _copy(pg, Dossier, DOSSIER_COLUMNS, rows.dossiers)
            for model, columns, items in ((DossierComponent, COMPONENT_COLUMNS, rows.components),
                                          (Supplementation, SUPPLEMENTATION_COLUMNS, rows.supplementations),
                                          (Reschedule, RESCHEDULE_COLUMNS, rows.reschedules),
                                          (DossierResult, RESULT_COLUMNS, rows.results),
                                          (DossierEvent, EVENT_COLUMNS, rows.events)):
                if items:
                    _resolve(items, ids)
                    _copy(pg, model, columns, items)


def _copy(pg, model, attnames: list[str], rows: list[dict]) -> None:
    import json

    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = ", ".join(f'"{fields[a].column}"' for a in attnames)
    json_columns = {a for a in attnames if fields[a].get_internal_type() == "JSONField"}
    with pg.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[a]) if a in json_columns else row[a] for a in attnames])


WRITERS = {"bulk_create": write_bulk_create, "copy": write_copy}


def write_chunk(rows: Rows, sequences: dict, writer: str = "bulk_create") -> None:
    """One transaction: the rows, and the code sequences raised to the highest number issued so far."""
    from django.db import connection

    with transaction.atomic():
        if writer == "copy":  # a generator's chunk may be lost in a crash, not corrupted: no need to wait for fsync
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        WRITERS[writer](rows)
        if sequences:
            _raise_sequences(sequences)


def _raise_sequences(sequences: dict) -> None:
    """Each (prefix, day) sequence raised to at least the number given: chunks written in parallel may
    commit out of order, and a sequence never goes down. Rows in key order, so that two chunks lock the
    rows they share in the same order."""
    from django.db import connection

    quote = connection.ops.quote_name
    table = quote(CodeSequence._meta.db_table)
    highest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    items = sorted(sequences.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            part = items[start:start + 500]
            cursor.execute(
                f"INSERT INTO {table} ({quote('prefix')}, {quote('day')}, {quote('last')}) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(part))
                + f" ON CONFLICT ({quote('prefix')}, {quote('day')}) DO UPDATE SET {quote('last')} = "
                f"{highest}({table}.{quote('last')}, excluded.{quote('last')})",
                [value for (prefix, day), last in part for value in (prefix, day, last)])


def _close_connection() -> None:
    from django.db import connection

    connection.close()


# What forked workers read: set before the pool starts, inherited by fork, never pickled.
_WORK: dict = {}


def _work_on_chunk(start: int) -> dict:
    """In a worker process: plans, replays and writes the chunk starting at dossier ``start``."""
    ctx, pre, codes_, chunk_size = _WORK["ctx"], _WORK["pre"], _WORK["codes"], _WORK["chunk_size"]
    plan_list = [plan_dossier(ctx, pre, i) for i in range(start, min(ctx.n, start + chunk_size))]
    codes_.issued = {}  # what this chunk issues: the sequences it raises
    rows = replay(ctx, codes_, plan_list)
    write_chunk(rows, dict(codes_.issued), "copy")
    part = summary(plan_list)
    part["events"], part["components"], part["planned"] = len(rows.events), len(rows.components), len(plan_list)
    return part


def _run_parallel(ctx: Context, pre: Prepass, codes_: Codes, *, progress, chunk_size: int, workers: int) -> dict:
    """The chunks shared among ``workers`` forked processes, each with its own connection (Python's
    planning is the bottleneck of one process). Codes are numbered before the fork, so the chunks are
    independent; each writes in its own transaction and raises the code sequences to what it issued."""
    import multiprocessing

    from django.db import connections

    totals: Counter = Counter()
    outcomes: Counter = Counter()
    channels: Counter = Counter()
    _WORK.update(ctx=ctx, pre=pre, codes=codes_, chunk_size=chunk_size)
    connections.close_all()  # a forked child must open its own connection
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=connections.close_all) as pool:
            for part in pool.imap_unordered(_work_on_chunk, range(0, ctx.n, chunk_size)):
                outcomes.update(part.pop("outcomes"))
                channels.update(part.pop("channels"))
                planned = part.pop("planned")
                totals.update(part)
                if progress is not None:
                    progress.update(planned)
    finally:
        _WORK.clear()
    return {**totals, "dossiers": ctx.n, "outcomes": dict(outcomes), "channels": dict(channels)}


def run_bulk(ctx: Context, pre: Prepass, *, progress=None, chunk_size: int = 5000, writer: str = "bulk_create",
             workers: int = 1) -> dict:
    """Plans and writes the dossiers chunk by chunk; returns the summary of the plans.

    With the copy writer and outside a transaction, a writer thread (its own connection) writes chunk k
    while this one plans chunk k + 1, so Python and PostgreSQL work at the same time; with ``workers`` > 1
    the chunks are shared among that many processes instead."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if writer == "copy" and connection.vendor != "postgresql":
        raise ValueError("the copy writer needs PostgreSQL")
    codes_ = number_codes(ctx, pre)
    if workers > 1 and writer == "copy" and not connection.in_atomic_block:
        return _run_parallel(ctx, pre, codes_, progress=progress, chunk_size=chunk_size, workers=workers)
    totals: Counter = Counter()
    outcomes: Counter = Counter()
    channels: Counter = Counter()
    pool = ThreadPoolExecutor(max_workers=1) if writer == "copy" and not connection.in_atomic_block else None
    pending = None
    try:
        for start in range(0, ctx.n, chunk_size):
            plan_list = [plan_dossier(ctx, pre, i) for i in range(start, min(ctx.n, start + chunk_size))]
            before = dict(codes_.issued)
            rows = replay(ctx, codes_, plan_list)
            sequences = {key: number for key, number in codes_.issued.items() if before.get(key) != number}
            if pool is None:
                write_chunk(rows, sequences, writer)
            else:
                if pending is not None:
                    pending.result()
                pending = pool.submit(write_chunk, rows, sequences, writer)
            part = summary(plan_list)
            outcomes.update(part.pop("outcomes"))
            channels.update(part.pop("channels"))
            totals.update(part)
            totals["events"] += len(rows.events)
            totals["components"] += len(rows.components)
            if progress is not None:
                progress.update(len(plan_list))
        if pending is not None:
            pending.result()
    finally:
        if pool is not None:
            pool.submit(_close_connection).result()
            pool.shutdown()
    return {**totals, "dossiers": ctx.n, "outcomes": dict(outcomes), "channels": dict(channels)}
