"""Verifying the event chains of dossiers (motcua audit verify)."""

import datetime as dt

from . import chain
from .models import Dossier, DossierEvent

FIELDS = ("seq", "kind", "actor_id", "occurred_at", "from_status", "to_status", "from_step", "to_step", "payload",
          "prev_hash", "hash")


def _as_chain_input(event: dict) -> dict:
    event["occurred_at"] = event["occurred_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    return event


def verify_dossier(dossier: Dossier) -> list[str]:
    events = [_as_chain_input(e) for e in DossierEvent.objects.filter(dossier=dossier).order_by("seq").values(*FIELDS)]
    return chain.verify(events, str(dossier.reference))


def verify_all(batch: int = 2000):
    """Yields (dossier code, problems) for every dossier whose chain is broken, reading in batches."""
    last_id = 0
    while True:
        dossiers = list(Dossier.objects.filter(pk__gt=last_id).order_by("pk").only("pk", "reference", "code")[:batch])
        if not dossiers:
            return
        for dossier in dossiers:
            problems = verify_dossier(dossier)
            if problems:
                yield dossier.code or str(dossier.reference), problems
        last_id = dossiers[-1].pk
