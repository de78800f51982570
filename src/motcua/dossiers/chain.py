"""The hash chain of dossier events. Pure module (no Django): each event's hash covers its content and
the previous event's hash, so changing or removing any event breaks every hash after it."""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def event_hash(*, prev_hash: str, dossier: str, seq: int, kind: str, actor: int | None, occurred_at: str,
               from_status: int | None, to_status: int | None, from_step: str, to_step: str, payload: dict) -> str:
    body = json.dumps({
        "prev": prev_hash, "dossier": dossier, "seq": seq, "kind": kind, "actor": actor, "at": occurred_at,
        "from_status": from_status, "to_status": to_status, "from_step": from_step, "to_step": to_step,
        "payload": payload,
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def verify(events: list[dict], dossier: str) -> list[str]:
    """Problems found in one dossier's events (ordered by seq); an empty list means the chain is intact."""
    problems, prev = [], GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event["seq"] != expected_seq:
            problems.append(f"{dossier}: event {expected_seq} is missing (found seq {event['seq']})")
        if event["prev_hash"] != prev:
            problems.append(f"{dossier}: event {event['seq']} does not follow the previous event")
        recomputed = event_hash(
            prev_hash=event["prev_hash"], dossier=dossier, seq=event["seq"], kind=event["kind"],
            actor=event["actor_id"], occurred_at=event["occurred_at"], from_status=event["from_status"],
            to_status=event["to_status"], from_step=event["from_step"], to_step=event["to_step"],
            payload=event["payload"])
        if recomputed != event["hash"]:
            problems.append(f"{dossier}: event {event['seq']} ({event['kind']}) was modified")
        prev = event["hash"]
    return problems
