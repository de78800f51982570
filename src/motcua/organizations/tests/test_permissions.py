"""An officer sees and acts only on what belongs to their units: selectors, pages and API agree."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from motcua.organizations import selectors, services
from motcua.organizations.models import Agency, Membership

pytestmark = pytest.mark.django_db
User = get_user_model()


def officer(username):
    return User.objects.get(username=username)


def commune_committee(name):
    return Agency.objects.get(name=f"Ủy ban nhân dân {name}")


def api_as(username):
    client = APIClient()
    client.force_authenticate(officer(username))
    return client


def test_commune_officer_sees_own_commune_only():
    tan_ninh, long_an = commune_committee("phường Tân Ninh"), commune_committee("phường Long An")
    visible = selectors.agencies_visible_to(officer("motcua.tanninh"))
    assert tan_ninh in visible
    assert long_an not in visible
    assert visible.count() == 1


def test_commune_officer_cannot_open_another_communes_agency_page(client):
    client.force_login(officer("motcua.tanninh"))
    own = commune_committee("phường Tân Ninh")
    other = commune_committee("phường Long An")
    assert client.get(reverse("workspace:agency_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("workspace:agency_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("workspace:agency_edit", args=[other.pk]), {"name": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Ủy ban nhân dân phường Long An"


def test_commune_officer_cannot_read_or_change_another_commune_through_the_api():
    other = commune_committee("phường Long An")
    client = api_as("motcua.tanninh")
    codes = [row["code"] for row in client.get("/api/v1/agencies/").json()["results"]]
    assert codes == [commune_committee("phường Tân Ninh").code]
    assert client.get(f"/api/v1/agencies/{other.pk}/").status_code == 404
    assert client.patch(f"/api/v1/agencies/{other.pk}/", {"name": "Đổi tên"}, format="json").status_code == 404
    other.refresh_from_db()
    assert other.name == "Ủy ban nhân dân phường Long An"


def test_counter_officer_reads_but_cannot_change_own_commune():
    own = commune_committee("phường Tân Ninh")
    response = api_as("motcua.tanninh").patch(f"/api/v1/agencies/{own.pk}/", {"name": "Đổi tên"}, format="json")
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "Ủy ban nhân dân phường Tân Ninh"


def test_agency_leader_changes_own_department_and_the_change_is_audited():
    from motcua.core.models import AuditEvent

    justice = Agency.objects.get(name="Sở Tư pháp tỉnh Tây Ninh")
    response = api_as("lanhdao").patch(f"/api/v1/agencies/{justice.pk}/", {"short_name": "STP"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["short_name"] == "STP"
    event = AuditEvent.objects.get(kind="organizations.agency_updated", subject_id=str(justice.pk))
    assert event.actor.username == "lanhdao"
    assert event.payload["after"] == {"short_name": "STP"}


def test_agency_leader_cannot_see_another_department():
    finance = Agency.objects.get(name="Sở Tài chính tỉnh Tây Ninh")
    assert api_as("lanhdao").get(f"/api/v1/agencies/{finance.pk}/").status_code == 404


def test_auditor_reads_the_province_but_changes_nothing():
    auditor = officer("thanhtra")
    justice = Agency.objects.get(name="Sở Tư pháp tỉnh Tây Ninh")
    assert selectors.agencies_visible_to(auditor).count() == Agency.objects.count()
    assert not auditor.has_perm("organizations.change_agency", justice)
    with pytest.raises(PermissionDenied):
        services.update_agency(actor=auditor, agency=justice, short_name="X")


def test_delegation_lends_a_role_for_its_period_only():
    leader, specialist = officer("lanhdao"), officer("chuyenvien")
    justice = Agency.objects.get(name="Sở Tư pháp tỉnh Tây Ninh")
    assert not specialist.has_perm("organizations.change_agency", justice)
    membership = Membership.objects.get(user=leader, role="agency_leader")
    today = dt.date.today()
    services.delegate_membership(actor=leader, membership=membership, delegate=specialist,
                                 valid_from=today, valid_to=today + dt.timedelta(days=7), reason="Nghỉ phép")
    specialist = officer("chuyenvien")
    assert specialist.has_perm("organizations.change_agency", justice)
    assert not specialist.has_perm("organizations.change_agency", selectors.scope_for(specialist) and
                                   Agency.objects.get(name="Sở Tài chính tỉnh Tây Ninh"))
    assert selectors.scope_for(specialist, today + dt.timedelta(days=8)).editable_agency_paths == ()


def test_membership_outside_its_validity_gives_no_access():
    user = officer("motcua.longan")
    Membership.objects.filter(user=user).update(valid_to=dt.date.today() - dt.timedelta(days=1))
    user = officer("motcua.longan")
    assert not selectors.is_officer(user)
    assert selectors.agencies_visible_to(user).count() == 0


def test_agency_list_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    client.force_login(officer("thanhtra"))
    url = reverse("workspace:agency_list")
    client.get(url)  # warm the session
    # session, user, agencies: the scope (memberships, delegations) is cached since the first request
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == Agency.objects.count() + 1


def test_agency_api_list_runs_a_constant_number_of_queries(django_assert_num_queries):
    client = api_as("thanhtra")
    # memberships, delegations, count, page
    with django_assert_num_queries(4):
        response = client.get("/api/v1/agencies/")
    assert response.status_code == 200
    assert response.json()["count"] == Agency.objects.count()
