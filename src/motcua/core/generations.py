"""Generations: what lets rarely-changed data be kept in Django's cache and still never be read stale.

A generation is a random token stored in the cache under a name ("organizations", "processes",
"calendars"). Whatever is cached from that data carries the token in its key; a change of the data
replaces the token, at once and again after the transaction commits, so neither the old values nor a
value computed meanwhile from rows another transaction was still changing is used again. Tokens are
random, not counters: an evicted token can never bring back the values of an earlier one.

The owner of the data replaces its generation: a signal on every model it covers (apps.py), and an
explicit ``changed`` after a queryset UPDATE, which sends none. Processes share generations only through a
shared cache: a deployment with several processes configures Redis (docs/operations.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 300  # seconds: the most an in-process cache of another process could keep a value stale
_NAMES: set[str] = set()


def _key(name: str) -> str:
    return f"motcua:generation:{name}"


def current(name: str) -> str:
    token = cache.get(_key(name))
    if token is None:
        cache.add(_key(name), uuid.uuid4().hex, None)
        token = cache.get(_key(name)) or uuid.uuid4().hex
    return token


def reset(name: str) -> None:
    """A new generation: nothing cached before is used again."""
    cache.set(_key(name), uuid.uuid4().hex, None)


def reset_all() -> None:
    """Every generation anew (tests: a rolled-back transaction sends no signal)."""
    for name in _NAMES:
        reset(name)


def changed(name: str) -> None:
    """The data changed: nothing cached before is used again, now nor after the commit."""
    reset(name)
    transaction.on_commit(lambda: reset(name))


def on_change(name: str, *models) -> None:
    """Replace the generation ``name`` whenever one of ``models`` is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    _NAMES.add(name)

    def receiver(**_kwargs):
        changed(name)

    for model in models:
        label = f"generations-{name}-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{label}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{label}-delete")


def remember(name: str, key: str, compute: Callable, *, token: str | None = None):
    """``compute()``, from the cache while the generation ``name`` (or the ``token`` already read of it) is
    unchanged. ``compute`` must not return None."""
    token = token or current(name)
    full_key = f"motcua:{name}:{token}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value
