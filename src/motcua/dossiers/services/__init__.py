"""The one sanctioned way to change a dossier. Every function takes keyword-only arguments, checks
permission and state, locks the dossier row, writes in one transaction and appends one hash-chained event."""

from .components import attach_file
from .core import ConflictError, DossierActionError
from .intake import guide, receive, refuse, submit_online
from .lifecycle import record_payment, request_payment, reschedule, stop, withdraw
from .processing import assign, comment, issue_result, move, return_for_rework, return_result
from .recompute import recompute_due_dates
from .supplementation import receive_supplementation, request_supplementation

__all__ = [
    "ConflictError", "DossierActionError", "assign", "attach_file", "comment", "guide", "issue_result", "move", "receive",
    "receive_supplementation", "recompute_due_dates", "record_payment", "refuse", "request_payment", "request_supplementation",
    "reschedule", "return_for_rework", "return_result", "stop", "submit_online", "withdraw",
]
