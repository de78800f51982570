"""Mẫu 05, the process control slip: one row per hand-off of the dossier, read from its event trail, with
the outcome of the step that ended (Trước hạn / Đúng hạn / Quá hạn) from the working-day engine.

A step's due is recomputed the way the services set it (the step's duration from the moment the dossier
entered the step), extended by the supplementation pauses inside the step; the return of the result is
judged against the appointment. A hand-off with no due of its own shows "—"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.workdays.errors import WorkdaysError
from motcua.workdays.selectors import engine_calendar

from . import vietnamese as vi
from .content import DELIVERY_LABELS, FormNotAvailable, base_context, receiving_issuer, receiving_unit_name

NO_OUTCOME = "—"
APPLICANT_UNIT = "Tổ chức, cá nhân"
MOVE_KINDS = {"appraised", "reviewed", "approved", "signed", "moved", "sent", "returned_for_rework", "joined"}
HANDOFF_KINDS = MOVE_KINDS | {"received", "assigned", "supplementation_requested", "supplementation_received",
                              "result_issued", "result_returned"}


@dataclass(frozen=True)
class Handoff:
    index: int
    giver_unit: str
    receiver_unit: str
    at: str
    giver: str
    receiver: str
    outcome: str
    note: str


class _Trail:
    def __init__(self, dossier):
        self.dossier = dossier
        self.events = list(dossier.events.order_by("seq"))
        self.steps = ({s.code: s for s in dossier.process.steps.select_related("division", "partner_agency")}
                      if dossier.process_id else {})
        self.children = {child.code: child for child in
                         dossier.children.select_related("deciding_agency").prefetch_related("events")}
        self.pauses = [(e.requested_at, e.received_at) for e in dossier.supplementations.order_by("number")
                       if e.received_at is not None]
        self.receiving_unit = receiving_unit_name(dossier)
        self.applicant = vi.nfc(dossier.applicant_name)
        self._calendar = None

    @property
    def calendar(self):
        if self._calendar is None:
            self._calendar = engine_calendar(self.dossier.calendar_code)
        return self._calendar

    def step_name(self, code: str) -> str:
        step = self.steps.get(code)
        return vi.nfc(step.name) if step else code

    def unit(self, code: str) -> str:
        step = self.steps.get(code)
        if step is None or step.action in ("receive", "return_result"):
            return self.receiving_unit
        if step.action == "inter_agency" and step.partner_agency_id:
            return vi.nfc(step.partner_agency.name)
        agency = vi.nfc(self.dossier.deciding_agency.name)
        return f"{vi.nfc(step.division.name)}, {agency}" if step.division_id else agency

    def next_actor(self, index: int, step: str) -> str:
        """Who next acted on the dossier at ``step``: the one who received it there."""
        for event in self.events[index + 1:]:
            if event.from_step == step and event.actor_name:
                return vi.nfc(event.actor_name)
        return ""

    def partner_actor(self, child_code: str) -> str:
        child = self.children.get(child_code)
        if child is None:
            return ""
        for event in sorted(child.events.all(), key=lambda e: e.seq)[1:]:
            if event.actor_name:
                return vi.nfc(event.actor_name)
        return ""

    def entered(self, index: int, step: str):
        """When the dossier entered ``step``, for the hand-off at ``index`` that leaves it."""
        entry = None
        for event in reversed(self.events[:index]):
            if event.to_step != step:
                break
            entry = event.occurred_at
        return entry

    def classify(self, due, end, *, pauses=(), started_at=None, supplementations=0) -> str:
        try:
            return self.calendar.classify(due, end, pauses=list(pauses), started_at=started_at,
                                          supplementations=supplementations).label_vi
        except (ValueError, WorkdaysError):
            return NO_OUTCOME

    def step_outcome(self, index: int, step: str) -> str:
        definition = self.steps.get(step)
        end = self.events[index].occurred_at
        entry = self.entered(index, step)
        if definition is None or not definition.duration or entry is None:
            return NO_OUTCOME
        try:
            due = self.calendar.due(entry, definition.duration).due_at
        except (ValueError, WorkdaysError):
            return NO_OUTCOME
        pauses = [(start, stop) for start, stop in self.pauses if start >= entry and stop <= end]
        return self.classify(due, end, pauses=pauses, started_at=entry)

    def final_outcome(self, end) -> str:
        dossier = self.dossier
        reschedule = getattr(dossier, "reschedule", None) if dossier.rescheduled else None
        due = reschedule.previous_due_at if reschedule is not None else dossier.due_at
        if due is None:
            return NO_OUTCOME
        return self.classify(due, end, supplementations=dossier.supplementation_count)

    def child_row(self, index: int, event) -> dict | None:
        """A linked dossier at a partner agency: received from the parent's agency, result sent back."""
        dossier, actor = self.dossier, vi.nfc(event.actor_name)
        partner, parent = vi.nfc(dossier.deciding_agency.name), dossier.parent
        parent_agency = vi.nfc(parent.deciding_agency.name)
        if event.kind == "received":
            receiver = next((vi.nfc(e.actor_name) for e in self.events[index + 1:] if e.actor_name), "")
            return {"giver_unit": parent_agency, "giver": actor, "receiver_unit": partner, "receiver": receiver,
                    "outcome": NO_OUTCOME, "note": f"Hồ sơ liên thông từ hồ sơ {parent.code}"}
        if event.kind == "result_issued":
            outcome = self.classify(dossier.due_at, event.occurred_at) if dossier.due_at else NO_OUTCOME
            return {"giver_unit": partner, "giver": actor, "receiver_unit": parent_agency, "receiver": "",
                    "outcome": outcome, "note": "Chuyển kết quả phối hợp giải quyết"}
        return None

    def row(self, index: int, event) -> dict | None:
        kind, payload = event.kind, event.payload
        actor = vi.nfc(event.actor_name)
        if self.dossier.parent_id and kind in ("received", "result_issued"):
            return self.child_row(index, event)
        if kind == "received":
            return {"giver_unit": self.receiving_unit, "giver": actor, "receiver_unit": self.unit(event.to_step),
                    "receiver": self.next_actor(index, event.to_step), "outcome": NO_OUTCOME,
                    "note": f"Tiếp nhận hồ sơ, chuyển bước “{self.step_name(event.to_step)}”"}
        if kind == "assigned":
            unit = self.unit(event.from_step)
            note = "Phân công xử lý" + (f": {vi.nfc(payload['note'])}" if payload.get("note") else "")
            return {"giver_unit": unit, "giver": actor, "receiver_unit": unit,
                    "receiver": vi.nfc(payload.get("assignee_name", "")), "outcome": NO_OUTCOME, "note": note}
        if kind in MOVE_KINDS:
            source, target = event.from_step, event.to_step
            child = payload.get("child", "")
            receiver = self.partner_actor(child) if child and kind != "joined" else self.next_actor(index, target)
            if kind == "returned_for_rework":
                note = f"Trả lại bước “{self.step_name(target)}” để xử lý lại: {vi.nfc(payload.get('reason', ''))}"
            elif kind == "joined":
                note = f"Cơ quan phối hợp hoàn thành (hồ sơ liên thông {child})"
            else:
                note = f"{self.step_name(source)} → {self.step_name(target)}"
                if payload.get("opinion"):
                    note += f"; ý kiến: {vi.nfc(payload['opinion'])}"
                if child:
                    note += f"; hồ sơ liên thông {child}"
            return {"giver_unit": self.unit(source), "giver": actor, "receiver_unit": self.unit(target),
                    "receiver": receiver, "outcome": self.step_outcome(index, source), "note": note}
        if kind == "supplementation_requested":
            note = f"Yêu cầu bổ sung, hoàn thiện hồ sơ lần {payload.get('number', '')}"
            if payload.get("within_3_working_days") is False:
                note += " (quá 03 ngày làm việc kể từ ngày tiếp nhận)"
            return {"giver_unit": self.unit(event.from_step), "giver": actor, "receiver_unit": APPLICANT_UNIT,
                    "receiver": self.applicant, "outcome": NO_OUTCOME, "note": note}
        if kind == "supplementation_received":
            by_applicant = event.actor_id is not None and event.actor_id == self.dossier.applicant_user_id
            # Handed in at the one-stop unit, or online straight to the step that asked for it.
            return {"giver_unit": APPLICANT_UNIT, "giver": self.applicant,
                    "receiver_unit": self.unit(event.to_step) if by_applicant else self.receiving_unit,
                    "receiver": self.next_actor(index, event.to_step) if by_applicant else actor,
                    "outcome": NO_OUTCOME,
                    "note": f"Nhận hồ sơ bổ sung lần {payload.get('number', '')}"}
        if kind == "result_issued":
            returned = next((e for e in self.events[index + 1:] if e.kind == "result_returned"), None)
            result = " ".join(part for part in (payload.get("name", ""), payload.get("number", "")) if part)
            return {"giver_unit": self.unit(event.from_step), "giver": actor, "receiver_unit": self.receiving_unit,
                    "receiver": vi.nfc(returned.actor_name) if returned else "",
                    "outcome": self.step_outcome(index, event.from_step),
                    "note": "Chuyển kết quả" + (f": {vi.nfc(result)}" if result else "")}
        if kind == "result_returned":
            delivery = DELIVERY_LABELS.get(payload.get("delivery", ""), "Tại Bộ phận tiếp nhận và trả kết quả")
            return {"giver_unit": self.receiving_unit, "giver": actor, "receiver_unit": APPLICANT_UNIT,
                    "receiver": self.applicant, "outcome": self.final_outcome(event.occurred_at),
                    "note": f"Trả kết quả: {delivery}"}
        return None

    def handoffs(self) -> list[Handoff]:
        rows = []
        for index, event in enumerate(self.events):
            if event.kind not in HANDOFF_KINDS:
                continue
            row = self.row(index, event)
            if row is not None:
                rows.append(Handoff(index=len(rows) + 1, at=vi.short_time(event.occurred_at), **row))
        return rows


def handoffs(dossier) -> list[Handoff]:
    return _Trail(dossier).handoffs()


def partner_agencies(dossier) -> list[str]:
    names = [vi.nfc(child.deciding_agency.name) for child in dossier.children.select_related("deciding_agency")]
    return list(dict.fromkeys(names))


def process_control(dossier, form) -> dict:
    if not dossier.code:
        raise FormNotAvailable(_("This dossier has not been received, so it has no process control slip."))
    return {
        **base_context(dossier, form=form, issuer=receiving_issuer(dossier), dated=None),
        "receiving_unit": receiving_unit_name(dossier),
        "deciding_agency": vi.nfc(dossier.deciding_agency.name),
        "partners": partner_agencies(dossier),
        "rows": handoffs(dossier),
    }
