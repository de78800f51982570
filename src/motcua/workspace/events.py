"""Words for the events of a dossier's timeline, and what changed since a version an officer saw."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "submitted": _("Submitted online"),
    "received": _("Received, receipt issued"),
    "guided": _("Guidance given (what is missing)"),
    "refused": _("Refused"),
    "assigned": _("Assigned"),
    "appraised": _("Appraised"),
    "reviewed": _("Reviewed"),
    "approved": _("Approved"),
    "signed": _("Signed"),
    "moved": _("Moved to the next step"),
    "sent": _("Sent to a partner agency"),
    "joined": _("Partner agency finished its part"),
    "returned_for_rework": _("Returned for rework"),
    "result_issued": _("Result issued"),
    "result_returned": _("Result returned"),
    "commented": _("Comment"),
    "supplementation_requested": _("Supplementation requested"),
    "supplementation_received": _("Supplement received"),
    "payment_requested": _("Payment requested"),
    "payment_recorded": _("Payment recorded"),
    "rescheduled": _("Apology and new appointment"),
    "withdrawn": _("Withdrawn by the applicant"),
    "stopped": _("Processing stopped"),
    "due_recomputed": _("Due date recomputed after a calendar change"),
}

# What each action is called on buttons and in messages.
TITLES = {
    "receive": _("Receive"), "guide": _("Guide: what is missing (Mẫu 02)"), "refuse": _("Refuse (Mẫu 03)"),
    "assign": _("Assign"), "move": _("Done: move on"), "sign_off": _("Sign and issue the result"),
    "issue_result": _("Issue the result"), "return_for_rework": _("Return for rework"),
    "request_supplementation": _("Request supplementation"), "receive_supplementation": _("Receive the supplement"),
    "request_payment": _("Request payment"), "record_payment": _("Record a payment"),
    "return_result": _("Return the result"), "reschedule": _("Apologise and reschedule (Mẫu 04)"),
    "withdraw": _("Withdraw at the applicant's request"), "stop": _("Stop processing"), "comment": _("Comment"),
}


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))


def changed_since(events, seen_version: int) -> list:
    """The events recorded after the page showing ``seen_version`` was loaded: every action bumps the
    version by one and appends one event, so version N has seen events 1 … N-1."""
    return [event for event in events if event.seq >= seen_version]
