"""Reads for the dossier API: what a user may see (``dossiers.selectors.dossiers_visible_to``, the rule
of ``services.core.in_scope`` as a queryset filter), the list with its filters and the detail with
everything shown about one dossier."""

import datetime as dt
import uuid

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from .. import states
from ..calendars import calendar
from ..models import Dossier, DossierEvent
from ..selectors import dossiers_visible_to  # one rule for pages and the API

# Statuses in which the agency's clock runs: only these can be overdue or due soon. (While the applicant
# supplements, the clock is paused; a decided dossier is done for the agency.)
CLOCK_RUNNING = (states.Status.RECEIVED, states.Status.PROCESSING, states.Status.FINANCIAL_OBLIGATION)
OVERDUE, DUE_SOON, ON_TIME = "overdue", "due_soon", "on_time"
# "Due soon" = due within this much working time from now, on the default calendar.
DUE_SOON_WITHIN = "1wd"

LIST_RELATED = ("procedure_version__procedure", "deciding_agency", "receiving_agency", "receiving_centre",
                "current_step", "assignee")
ORDERINGS = {
    "due_at": (F("due_at").asc(nulls_last=True), F("id").asc()),
    "-due_at": (F("due_at").desc(nulls_last=True), F("id").desc()),
    "received_at": (F("received_at").asc(nulls_last=True), F("id").asc()),
    "-received_at": (F("received_at").desc(nulls_first=True), F("id").desc()),
}


def deadline_window(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(now, the end of the "due soon" window) from the working-day engine."""
    now = now or timezone.now()
    return now, calendar(settings.MOTCUA_DEFAULT_CALENDAR).due(now, DUE_SOON_WITHIN).due_at


def due_status(dossier: Dossier, window: tuple[dt.datetime, dt.datetime]) -> str | None:
    if dossier.due_at is None or dossier.status not in CLOCK_RUNNING:
        return None
    now, soon = window
    if dossier.due_at < now:
        return OVERDUE
    return DUE_SOON if dossier.due_at <= soon else ON_TIME


def _start_of(day: dt.date) -> dt.datetime:
    """Local midnight: receipt dates are compared as ranges of the indexed ``received_at``."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def dossier_list(user, *, status=None, channel=None, procedure: str = "", received_from=None, received_to=None,
                 due: str = "", q: str = "", ordering: str = "-received_at",
                 window: tuple[dt.datetime, dt.datetime] | None = None) -> QuerySet[Dossier]:
    dossiers = dossiers_visible_to(user).select_related(*LIST_RELATED)
    if status:
        dossiers = dossiers.filter(status__in=status)
    if channel:
        dossiers = dossiers.filter(channel=channel)
    if procedure:
        dossiers = dossiers.filter(Q(procedure_version__procedure__localised_code=procedure)
                                   | Q(procedure_version__procedure__base_code=procedure))
    if received_from:
        dossiers = dossiers.filter(received_at__gte=_start_of(received_from))
    if received_to:
        dossiers = dossiers.filter(received_at__lt=_start_of(dt.date.fromordinal(received_to.toordinal() + 1)))
    if due:
        now, soon = window or deadline_window()
        running = dossiers.filter(status__in=CLOCK_RUNNING, due_at__isnull=False)
        dossiers = running.filter(due_at__lt=now) if due == OVERDUE else running.filter(due_at__gte=now,
                                                                                         due_at__lte=soon)
    if q := q.strip():
        dossiers = dossiers.filter(Q(code__icontains=q) | Q(applicant_name__icontains=q)
                                   | Q(applicant_id_number=q))
    return dossiers.order_by(*ORDERINGS[ordering])


def _by_key(dossiers: QuerySet[Dossier], key: str) -> Dossier | None:
    """A dossier by its code, or by its reference (UUID) while it has no code yet."""
    try:
        reference = uuid.UUID(key)
    except ValueError:
        return dossiers.filter(code=key).first()
    return dossiers.filter(reference=reference).first()


def visible_dossier(user, key: str) -> Dossier | None:
    """The dossier to act on (None when missing or out of the user's scope)."""
    return _by_key(dossiers_visible_to(user).select_related("deciding_agency", "receiving_agency"), key)


def dossiers_with_detail(user) -> QuerySet[Dossier]:
    """The visible dossiers with their components, supplementations, reschedule, result, children and
    events (a fixed number of queries, however long the history)."""
    return (dossiers_visible_to(user)
            .select_related(*LIST_RELATED, "process", "parent", "reschedule", "result")
            .prefetch_related(
                "components", "supplementations",
                Prefetch("children", queryset=Dossier.objects.select_related("deciding_agency").order_by("id")),
                Prefetch("events", queryset=DossierEvent.objects.select_related("actor").order_by("seq"))))


def dossier_detail(user, key: str) -> Dossier | None:
    return _by_key(dossiers_with_detail(user), key)
