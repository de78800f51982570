"""Background job of the reports app (Celery; inline when no broker is configured)."""

from django.db import transaction

from motcua.celery_app import app

from . import facts
from .models import RefreshState


@app.task(name="reports.refresh", ignore_result=True)
def refresh_reports() -> dict:
    """Every 5 minutes (CELERY_BEAT_SCHEDULE): the facts of the dossiers that changed, then the rollups.
    A run that finds another one under way skips (the state row is locked while a run works)."""
    RefreshState.objects.get_or_create(name="default")
    with transaction.atomic():
        if RefreshState.objects.select_for_update(skip_locked=True).filter(name="default").first() is None:
            return {"skipped": True}
        state = facts.refresh()
    return {"facts": state.facts, "last_event_id": state.last_event_id, "seconds": state.seconds}
