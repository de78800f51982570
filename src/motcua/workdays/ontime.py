"""On-time classification of a finished dossier, as used by the 766 national service index
("Bộ chỉ số phục vụ người dân, doanh nghiệp", Quyết định 766/QĐ-TTg ngày 23/6/2022): trước hạn /
đúng hạn / quá hạn.

Rule implemented (see docs/workdays.md):

1. The effective due instant is the given ``due_at`` extended by the office time of the
   supplementation pauses (request instant -> supplement received).  Without ``due_at``, it is
   ``due(started_at, legal_max, pauses=...)`` — the same as comparing the elapsed office time minus
   pauses with the legal maximum.
2. More than one supplementation episode (``max(supplementations, len(pauses)) > 1``) -> overdue.
3. ``end_at`` after the effective due instant -> overdue ("quá hạn").
4. Otherwise ``end_at`` on an earlier *local date* than the due instant -> early ("trước hạn");
   on the due date itself (and not after the due instant) -> on time ("đúng hạn").

``delta_seconds`` is the signed office time from the effective due to the end: > 0 late by that much,
<= 0 finished that much office time before the due instant.
"""

from __future__ import annotations

from datetime import datetime

from .durations import parse_duration
from .engine import DAY_US, Calendar
from .errors import WorkdaysError

__all__ = ["EARLY", "ON_TIME", "OVERDUE", "STATUS_LABELS_VI", "OnTimeResult", "classify"]

EARLY = "early"
ON_TIME = "on_time"
OVERDUE = "overdue"
STATUS_LABELS_VI = {EARLY: "Trước hạn", ON_TIME: "Đúng hạn", OVERDUE: "Quá hạn"}


class OnTimeResult:
    """``status`` (``"early"``, ``"on_time"``, ``"overdue"``), ``label_vi``, ``due_at`` (effective, after
    pauses), ``original_due_at``, ``end_at``, ``delta_seconds`` (signed office time end - due),
    ``pause_seconds`` (office time added by pauses), ``supplementations`` (episodes counted), ``reason``
    (Vietnamese sentence)."""

    __slots__ = (
        "status",
        "due_at",
        "original_due_at",
        "end_at",
        "delta_seconds",
        "pause_seconds",
        "supplementations",
        "reason",
    )

    def __init__(self, status, due_at, original_due_at, end_at, delta_seconds, pause_seconds, supplementations, reason):
        self.status = status
        self.due_at = due_at
        self.original_due_at = original_due_at
        self.end_at = end_at
        self.delta_seconds = delta_seconds
        self.pause_seconds = pause_seconds
        self.supplementations = supplementations
        self.reason = reason

    @property
    def label_vi(self) -> str:
        return STATUS_LABELS_VI[self.status]

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "label": self.label_vi,
            "due_at": self.due_at.isoformat(),
            "original_due_at": self.original_due_at.isoformat(),
            "end_at": self.end_at.isoformat(),
            "delta_seconds": self.delta_seconds,
            "pause_seconds": self.pause_seconds,
            "supplementations": self.supplementations,
            "reason": self.reason,
        }

    def __repr__(self) -> str:
        return f"OnTimeResult({self.status}, delta_seconds={self.delta_seconds:g})"


def _hours(sec: float) -> str:
    return f"{abs(sec) / 3600:g} giờ làm việc"


def classify(
    calendar: Calendar,
    due_at: datetime | None,
    end_at: datetime,
    *,
    pauses=(),
    supplementations: int = 0,
    legal_max=None,
    started_at: datetime | None = None,
    cutoff=None,
) -> OnTimeResult:
    """Classify ``end_at`` against ``due_at`` (see module docstring).

    Either ``due_at`` or both ``legal_max`` (a duration such as ``"5wd"``) and ``started_at`` must be
    given.  ``started_at`` (if given) must not be after ``end_at``; with ``due_at`` it only clips the
    pauses.  ``cutoff`` applies when the due instant is computed from ``legal_max``.
    """
    if type(supplementations) is not int or supplementations < 0:
        raise WorkdaysError("supplementations", f"expected an int >= 0, got {supplementations!r}")
    end_abs = calendar._abs(end_at, "end_at")
    if started_at is not None and calendar._abs(started_at, "started_at") > end_abs:
        raise WorkdaysError("end_at", f"{end_at.isoformat()} is before started_at {started_at.isoformat()}")
    pause_list = list(pauses or ())
    if due_at is None:
        if legal_max is None or started_at is None:
            raise WorkdaysError("due_at", "give due_at, or both legal_max and started_at")
        res = calendar.due(started_at, parse_duration(legal_max, "legal_max"), cutoff=cutoff, pauses=pause_list)
        eff, original, pause_sec = res.due_at, res.due_without_pauses, res.pause_seconds
    else:
        if legal_max is not None:
            parse_duration(legal_max, "legal_max")  # validate only; due_at wins
        original = due_at
        eff, pause_sec = calendar.extend_due(due_at, pause_list, started_at=started_at)
    due_abs = calendar._abs(eff, "due_at")
    delta = (calendar._w(end_abs) - calendar._w(due_abs)) / 1_000_000
    episodes = max(supplementations, len(pause_list))
    if episodes > 1:
        status = OVERDUE
        reason = f"Yêu cầu bổ sung hồ sơ {episodes} lần (quá 1 lần): tính là quá hạn"
    elif end_abs > due_abs:
        status = OVERDUE
        reason = f"Hoàn thành sau hạn {calendar._fmt(due_abs)}" + (f" ({_hours(delta)})" if delta else "")
    elif end_abs // DAY_US < due_abs // DAY_US:
        status = EARLY
        reason = f"Hoàn thành trước ngày hết hạn ({calendar._fmt(due_abs)}), sớm {_hours(delta)}"
    else:
        status = ON_TIME
        reason = f"Hoàn thành trong ngày hết hạn, không muộn hơn {calendar._fmt(due_abs)}"
    return OnTimeResult(status, eff, original, end_at, delta, pause_sec, episodes, reason)
