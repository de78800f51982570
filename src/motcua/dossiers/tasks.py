"""Background jobs of the dossiers app (Celery; inline when no broker is configured)."""

from motcua.celery_app import app

from . import watch


@app.task(name="dossiers.watch_deadlines", ignore_result=True)
def watch_deadlines() -> dict:
    """Every 15 minutes (CELERY_BEAT_SCHEDULE): flags dossiers near or past their due instants and warns
    their assignees; idempotent, so a run that overlaps or repeats another does no harm."""
    return watch.run().as_dict()
