"""What every dossier action shares: the row lock and version check, permission, the event chain,
deadlines from the working-day engine and the gap-free code sequence."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.roles import Role
from motcua.organizations.selectors import scope_for

from .. import chain, codes, states
from ..calendars import calendar
from ..models import CodeSequence, Dossier, DossierEvent


class DossierActionError(ValidationError):
    """An action that the dossier's state does not allow, with a message for the officer."""


class ConflictError(DossierActionError):
    """The dossier changed since the officer loaded it."""


# Which roles may take which action (besides the system administrator).
INTAKE_ROLES = {Role.COUNTER_OFFICER, Role.CENTRE_MANAGER}
WORK_ROLES = {Role.SPECIALIST, Role.DIVISION_HEAD, Role.AGENCY_LEADER}
LEAD_ROLES = {Role.DIVISION_HEAD, Role.AGENCY_LEADER, Role.CENTRE_MANAGER}
SIGN_ROLES = {Role.AGENCY_LEADER, Role.DIVISION_HEAD}


def in_scope(user, dossier: Dossier) -> bool:
    scope = scope_for(user)
    if scope.is_global_reader:
        return True
    if dossier.receiving_centre_id and dossier.receiving_centre_id in scope.centre_ids:
        return True
    return scope.reads_path(dossier.deciding_agency.path) or scope.reads_path(dossier.receiving_agency.path)


def require(actor, dossier: Dossier, roles: set) -> None:
    """The actor works on this dossier's units and holds one of ``roles`` (None = the system itself)."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.is_global_editor:
        return
    if not in_scope(actor, dossier) or not (scope.roles & roles) or scope.roles <= {Role.AUDITOR}:
        raise PermissionDenied(_("You may not take this action on this dossier."))


# Who may complete a step of a process, by the role the step names: its holders, and those above them in the
# same line (a head of division or the leader may appraise; only a leader signs; a centre manager may stand in
# for the counter).
STEP_ROLES = {
    Role.SPECIALIST: {Role.SPECIALIST, Role.DIVISION_HEAD, Role.AGENCY_LEADER},
    Role.DIVISION_HEAD: {Role.DIVISION_HEAD, Role.AGENCY_LEADER},
    Role.AGENCY_LEADER: {Role.AGENCY_LEADER},
    Role.COUNTER_OFFICER: {Role.COUNTER_OFFICER, Role.CENTRE_MANAGER},
    Role.CENTRE_MANAGER: {Role.CENTRE_MANAGER},
}


def require_step(actor, dossier: Dossier) -> None:
    """The actor may complete the dossier's current step: it is assigned to them, or they hold the step's role
    (or one above it). Checked on the locked dossier, whose step is the current one."""
    step = dossier.current_step
    if actor is None or step is None or (dossier.assignee_id is not None and dossier.assignee_id == actor.pk):
        return
    scope = scope_for(actor)
    if scope.is_global_editor or scope.roles & STEP_ROLES.get(step.role, {step.role}):
        return
    raise PermissionDenied(_("The step “%(step)s” is for the role “%(role)s”: you may not complete it.") % {
        "step": step.name, "role": Role(step.role).label if step.role in Role.values else step.role})


def require_officer_or_applicant(actor, dossier: Dossier, roles: set) -> None:
    """The applicant may act on their own dossier (supplement, withdraw); anyone else needs a role."""
    if actor is not None and dossier.applicant_user_id is not None and actor.pk == dossier.applicant_user_id:
        return
    require(actor, dossier, roles)


# What the actions read from the locked dossier: joined in the lock's SELECT unless the caller's
# instance already holds them (the same rows, read earlier in the request).
_LOCK_RELATED = ("procedure_version", "deciding_agency", "receiving_agency", "receiving_centre", "current_step",
                 "process")


def lock(dossier: Dossier, *, expected_version: int | None, action: str) -> Dossier:
    fields = [Dossier._meta.get_field(name) for name in _LOCK_RELATED]
    cached = {f.name: f.get_cached_value(dossier) for f in fields if f.is_cached(dossier)}
    # The head of the event chain comes with the row: under the lock nobody else can append to it. The
    # subqueries see the statement's snapshot, taken before waiting for the lock, while the locked row is
    # its latest version: if an action committed meanwhile (the version differs), the head is read again.
    last = DossierEvent.objects.filter(dossier=OuterRef("pk")).order_by("-seq")
    seen = Dossier.objects.filter(pk=OuterRef("pk")).values("version")[:1]
    # of=self: lock the dossier row only (PostgreSQL refuses FOR UPDATE on the nullable side of the outer
    # joins, and locking the shared agency and procedure rows would serialise unrelated dossiers).
    locked = (Dossier.objects.select_for_update(of=("self",))
              .select_related(*(f.name for f in fields if f.name not in cached and f.name != "receiving_centre"))
              .annotate(chain_seq=Subquery(last.values("seq")[:1]), chain_hash=Subquery(last.values("hash")[:1]),
                        snapshot_version=Subquery(seen))
              .get(pk=dossier.pk))
    for f in fields:
        value = cached.get(f.name)
        if value is not None and getattr(locked, f.attname) == value.pk:
            f.set_cached_value(locked, value)
    if locked.snapshot_version == locked.version:
        locked._chain_head = (locked.chain_seq or 0, locked.chain_hash or chain.GENESIS)
    if expected_version is not None and locked.version != expected_version:
        last = locked.events.order_by("-seq").first()
        raise ConflictError(_("The dossier changed meanwhile (%(what)s by %(who)s at %(when)s). Reload it and "
                              "check before acting again.") % {
            "what": last.kind if last else "?", "who": last.actor_name if last else "?",
            "when": timezone.localtime(last.occurred_at).strftime("%H:%M %d/%m/%Y") if last else "?"})
    if action in states.ALLOWED and not states.allowed(action, locked.status):
        raise DossierActionError(_("This action is not possible while the dossier is “%(status)s”.") % {
            "status": locked.get_status_display()})
    return locked


def created_here(dossier: Dossier) -> Dossier:
    """Marks a dossier inserted in the current transaction: nobody else sees its row, so it needs no lock,
    and its event chain is empty."""
    dossier._chain_head = (0, chain.GENESIS)
    return dossier


def record(dossier: Dossier, *, kind: str, actor, from_status: int | None, payload: dict | None = None,
           from_step: str = "", at: dt.datetime | None = None) -> DossierEvent:
    """Appends the event, bumps the dossier's version and saves it (call after changing the dossier)."""
    # Known when the dossier was locked (or created) in this transaction: its row and chain are ours.
    head = getattr(dossier, "_chain_head", None)
    if head is None:
        previous = dossier.events.order_by("-seq").values_list("seq", "hash").first()
        head = previous or (0, chain.GENESIS)
        locked = False
    else:
        locked = True
    version = dossier.version
    if dossier.__dict__.pop("_inserted_changed", False):
        pass  # inserted by this transaction with these changes and the bumped version already
    elif locked and isinstance(version, int):
        dossier.version = F("version") + 1
        dossier.save()
        dossier.version = version + 1  # the row is ours: the stored version is the one we read
    else:
        dossier.version = F("version") + 1
        dossier.save()
        dossier.refresh_from_db(fields=["version"])
    event = _append(dossier, head, kind=kind, actor=actor, from_status=from_status, payload=payload,
                    from_step=from_step, at=at)
    if locked:
        dossier._chain_head = (event.seq, event.hash)
    return event


def _append(dossier: Dossier, head: tuple, *, kind: str, actor, from_status, payload, from_step, at) -> DossierEvent:
    at = at or timezone.now()
    seq, prev_hash = head[0] + 1, head[1]
    to_step = dossier.current_step.code if dossier.current_step_id else ""
    payload = payload or {}
    occurred = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    actor_id = actor.pk if actor is not None else None
    digest = chain.event_hash(prev_hash=prev_hash, dossier=str(dossier.reference), seq=seq, kind=kind, actor=actor_id,
                              occurred_at=occurred, from_status=from_status, to_status=dossier.status,
                              from_step=from_step, to_step=to_step, payload=payload)
    event = DossierEvent.objects.create(
        dossier=dossier, seq=seq, kind=kind, actor=actor, actor_name=actor.get_full_name() if actor else "",
        occurred_at=dt.datetime.fromisoformat(occurred), from_status=from_status, to_status=dossier.status,
        from_step=from_step, to_step=to_step, payload=payload, prev_hash=prev_hash, hash=digest)
    return event


def receiving_code(dossier: Dossier) -> str:
    """The identifier of the unit that received the dossier: the centre's own code, else its agency's."""
    centre = dossier.receiving_centre
    return centre.code if centre is not None and centre.code else dossier.receiving_agency.code


def next_code(prefix: str, day: dt.date) -> str:
    """The next dossier code of the receiving unit ``prefix`` for ``day``, in one statement: the sequence
    row is created or raised and stays locked until the transaction ends, so concurrent receipts never
    share a number, and a rolled-back receipt gives its number back (no gaps)."""
    quote = connection.ops.quote_name
    table = quote(CodeSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('prefix')}, {quote('day')}, {quote('last')}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({quote('prefix')}, {quote('day')}) DO UPDATE SET {quote('last')} = {table}.{quote('last')} + 1 "
            f"RETURNING {quote('last')}", [prefix, day])
        number = cursor.fetchone()[0]
    return codes.dossier_code(prefix, day, number)


def procedure_duration(version) -> str:
    if version.processing_unit == "same_day":
        return "same_day"
    if not version.processing_unit or not version.processing_amount:
        raise DossierActionError(_("The procedure has no processing time: a due date cannot be set."))
    return f"{version.processing_amount}{version.processing_unit}"


def calendar_of(dossier: Dossier):
    return calendar(dossier.calendar_code)


def compute_due(dossier: Dossier, start: dt.datetime, *, calendar=None) -> dt.datetime:
    """``calendar``: the dossier's engine calendar when the caller already has it (one read per action)."""
    version = dossier.procedure_version
    cutoff = version.cutoff.strftime("%H:%M") if version.cutoff else None
    return (calendar or calendar_of(dossier)).due(start, procedure_duration(version), cutoff=cutoff).due_at


def compute_step_due(dossier: Dossier, start: dt.datetime, *, calendar=None) -> dt.datetime | None:
    step = dossier.current_step
    if step is None or not step.duration:
        return None
    try:
        return (calendar or calendar_of(dossier)).due(start, step.duration).due_at
    except ValueError:
        return None
