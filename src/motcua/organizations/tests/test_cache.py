"""An officer's scope and unit roles are kept across requests, and any change of their organisation data
is seen by the very next request: memberships, delegations (also revoked), agencies moved."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.dossiers import selectors as dossier_selectors
from motcua.organizations import cache, selectors, services
from motcua.organizations.models import Agency

# What each request gets: a new user object (nothing cached on it).
from .test_permissions import commune_committee
from .test_permissions import officer as request_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_the_next_request_reads_the_scope_from_the_cache(django_assert_num_queries):
    cache.reset()
    selectors.scope_for(request_user("motcua.tanninh"))
    dossier_selectors.unit_roles(request_user("motcua.tanninh"))
    user = request_user("motcua.tanninh")
    with django_assert_num_queries(0):
        scope = selectors.scope_for(user)
        roles = dossier_selectors.unit_roles(user)
    assert scope.centre_ids and {r.role for r in roles} == {"counter_officer"}


def test_a_new_membership_is_seen_by_the_next_request():
    long_an = commune_committee("phường Long An")
    assert not selectors.scope_for(request_user("motcua.tanninh")).reads_path(long_an.path)
    services.grant_membership(actor=None, user=request_user("motcua.tanninh"), role="specialist", agency=long_an)
    user = request_user("motcua.tanninh")
    assert selectors.scope_for(user).reads_path(long_an.path)
    assert any(r.agency_path == long_an.path for r in dossier_selectors.unit_roles(user))
    assert long_an.pk in dossier_selectors.agency_ids(user, [long_an.path])


def test_an_ended_membership_and_a_revoked_delegation_are_seen_by_the_next_request():
    long_an = commune_committee("phường Long An")
    officer = User.objects.create(username="cb.longan.tam", full_name="Cán bộ tạm")
    membership = services.grant_membership(actor=None, user=officer, role="specialist", agency=long_an)
    today = timezone.localdate()
    delegation = services.delegate_membership(actor=None, membership=membership,
                                              delegate=request_user("motcua.tanninh"), valid_from=today,
                                              valid_to=today + dt.timedelta(days=5), reason="Nghỉ phép")
    assert selectors.scope_for(request_user("motcua.tanninh")).reads_path(long_an.path)
    delegation.revoked_at = timezone.now()
    delegation.save()  # as the admin page does
    assert not selectors.scope_for(request_user("motcua.tanninh")).reads_path(long_an.path)

    assert selectors.scope_for(request_user("cb.longan.tam")).reads_path(long_an.path)
    membership.valid_to = today - dt.timedelta(days=1)
    membership.valid_from = today - dt.timedelta(days=10)
    membership.save()
    assert not selectors.scope_for(request_user("cb.longan.tam")).roles


def test_an_agency_moved_to_another_parent_changes_the_scopes_at_once():
    long_an, tan_ninh = commune_committee("phường Long An"), commune_committee("phường Tân Ninh")
    assert long_an.pk not in dossier_selectors.agency_ids(request_user("motcua.tanninh"), [tan_ninh.path])
    services.update_agency(actor=None, agency=long_an, parent=tan_ninh)
    moved = Agency.objects.get(pk=long_an.pk)
    assert moved.path.startswith(tan_ninh.path)
    user = request_user("motcua.tanninh")
    assert selectors.scope_for(user).reads_path(moved.path)
    assert long_an.pk in dossier_selectors.agency_ids(user, [tan_ninh.path])


def test_an_evicted_generation_never_brings_back_older_values():
    from django.core.cache import cache as django_cache

    from motcua.core import generations

    first = generations.current(cache.NAME)
    django_cache.delete(f"motcua:generation:{cache.NAME}")
    assert generations.current(cache.NAME) != first


def test_a_rolled_back_grant_is_never_kept_as_a_permission():
    from django.db import transaction

    long_an = commune_committee("phường Long An")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.grant_membership(actor=None, user=request_user("motcua.tanninh"), role="agency_leader",
                                  agency=long_an)
        assert selectors.scope_for(request_user("motcua.tanninh")).reads_path(long_an.path)  # its own change
        raise RuntimeError("rolled back")
    assert not selectors.scope_for(request_user("motcua.tanninh")).reads_path(long_an.path)
