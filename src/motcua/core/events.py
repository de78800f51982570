"""One way to record that a service changed something."""

from .models import AuditEvent


def record_event(*, actor, kind: str, subject, payload: dict | None = None) -> AuditEvent:
    """``subject`` is the changed object, or None for a change to a whole collection (an import)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        payload=payload or {},
    )
