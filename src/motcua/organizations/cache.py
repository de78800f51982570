"""An officer's scope, unit roles and agencies, kept across requests (core/generations.py).

Reading them costs four queries with joins on every request, for data that changes a few times a year.
The generation "organizations" is replaced by any change of a membership, delegation, agency or service
centre (apps.py; the service that moves an agency subtree replaces it too), so the next request sees it.
The day is part of every key, since memberships begin and end on dates.
"""

from __future__ import annotations

from collections.abc import Callable

from motcua.core import generations

NAME = "organizations"
_TOKEN_ATTR = "_motcua_organizations_generation"


def changed() -> None:
    generations.changed(NAME)


def reset() -> None:
    generations.reset(NAME)


def remember(user, name: str, day, compute: Callable):
    """``compute()`` for the user on ``day``, from the cache while their organisation data is unchanged.
    The generation is read once per user object (once per request)."""
    token = getattr(user, _TOKEN_ATTR, None)
    if token is None:
        token = generations.current(NAME)
        setattr(user, _TOKEN_ATTR, token)
    return generations.remember(NAME, f"{user.pk}:{day.isoformat()}:{name}", compute, token=token)


def forget(user) -> None:
    """The next read on this user object looks at the generation again."""
    if hasattr(user, _TOKEN_ATTR):
        delattr(user, _TOKEN_ATTR)
