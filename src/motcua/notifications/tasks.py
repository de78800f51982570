"""Celery tasks: sending one notification (retried with exponential backoff) and requeueing stale ones.
Without a broker they run inline (CELERY_TASK_ALWAYS_EAGER), retries included, without the waits."""

from django.conf import settings

from motcua.celery_app import app

from . import services


@app.task(name="notifications.send", bind=True, ignore_result=True, acks_late=True,
          autoretry_for=(services.RetryLater,), max_retries=settings.MOTCUA_NOTIFY_MAX_RETRIES,
          retry_backoff=settings.MOTCUA_NOTIFY_RETRY_BACKOFF,
          retry_backoff_max=settings.MOTCUA_NOTIFY_RETRY_BACKOFF_MAX, retry_jitter=True)
def send_notification(self, notification_id: int) -> None:
    if self.request.is_eager:
        # Inline (no broker): Celery's own eager retry raises instead of retrying when
        # task_eager_propagates is on, so the attempts are made here, one after the other.
        for attempt in range(self.max_retries + 1):
            try:
                services.deliver(notification_id, final=attempt >= self.max_retries)
                return
            except services.RetryLater:
                continue
    # With a worker: a RetryLater makes Celery retry after 30 s, 60 s, 120 s… (autoretry_for); the last
    # allowed attempt marks the notification failed instead of asking for another one.
    services.deliver(notification_id, final=self.request.retries >= self.max_retries)


@app.task(name="notifications.requeue_stale", ignore_result=True)
def requeue_stale() -> int:
    return services.requeue_stale()
