"""Generations: what lets rarely-changed data be kept in Django's cache and still never be read stale.

A generation is a random token stored in the cache under a name ("organizations", "processes",
"calendars"). Whatever is cached from that data carries the token in its key; a change of the data
replaces the token, at once and again after the transaction commits, so neither the old values nor a
value computed meanwhile from rows another transaction was still changing is used again. Tokens are
random, not counters: an evicted token can never bring back the values of an earlier one.

The owner of the data replaces its generation: a signal on every model it covers (apps.py), and an
explicit ``changed`` after a queryset UPDATE, which sends none. Processes share generations only through a
shared cache: a deployment with several processes configures Redis (docs/operations.md).

A transaction that changed the data neither reads nor stores cached values of it until it ends: it may
still roll back (and a rollback replaces no token), and it must see its own change. Reads elsewhere meanwhile
see the committed data, which is what they cache.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction

TIMEOUT = 300  # seconds: the most an in-process cache of another process could keep a value stale
_NAMES: set[str] = set()
_CHANGED_ATTR = "_motcua_changed_generations"  # on the connection: data changed by its open transaction


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
    """Every generation anew, and no change pending (between tests, whose transactions roll back; after
    migrations)."""
    for name in _NAMES:
        reset(name)
    changed_here = getattr(connection, _CHANGED_ATTR, None)
    if changed_here:
        changed_here.clear()


def _in_transaction() -> bool:
    """Whether the application has a transaction open (a test case's own wrapping block does not count)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def changed(name: str) -> None:
    """The data changed: nothing cached before is used again, now nor after the commit."""
    reset(name)
    if _in_transaction():
        changed_here = getattr(connection, _CHANGED_ATTR, None)
        if changed_here is None:
            changed_here = set()
            setattr(connection, _CHANGED_ATTR, changed_here)
        changed_here.add(name)

    def committed() -> None:
        reset(name)
        changed_here = getattr(connection, _CHANGED_ATTR, None)
        if changed_here:
            changed_here.discard(name)

    # After a rollback the mark stays until the next read outside a transaction: until then the cache is
    # only bypassed, which is always safe.
    transaction.on_commit(committed)


def usable(name: str) -> bool:
    """False while this connection's open transaction has changed the data: its reads must not be cached
    (they may be rolled back) nor come from the cache (they must see the change)."""
    changed_here = getattr(connection, _CHANGED_ATTR, None)
    if not changed_here:
        return True
    if not _in_transaction():
        changed_here.clear()
        return True
    return name not in changed_here


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


def after_migrate(**_kwargs) -> None:
    """Data migrations write through historical models, which send no signal the apps listen to."""
    reset_all()


def remember(name: str, key: str, compute: Callable, *, token: str | None = None):
    """``compute()``, from the cache while the generation ``name`` (or the ``token`` already read of it) is
    unchanged. ``compute`` must not return None."""
    if not usable(name):
        return compute()
    token = token or current(name)
    full_key = f"motcua:{name}:{token}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value
