"""One way to record that a service changed something."""

from .models import AuditEvent


def record_event(*, actor, kind: str, subject, payload: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        payload=payload or {},
    )
