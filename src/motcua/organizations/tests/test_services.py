"""Bad input gets a clear message naming the field, and nothing is written half-way."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from motcua.core.models import AuditEvent
from motcua.organizations import services
from motcua.organizations.models import AdministrativeUnit, Agency, Membership

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(code="80", valid_to__isnull=True)


def test_malformed_agency_code_is_refused(province):
    with pytest.raises(ValidationError) as error:
        services.create_agency(actor=None, code="H53-001", name="Sở thử", kind="department",
                               administrative_unit=province)
    assert "code" in error.value.message_dict
    assert "LLL.LL.LL.XNN" in error.value.message_dict["code"][0]
    assert not Agency.objects.filter(name="Sở thử").exists()


def test_duplicate_agency_code_is_refused(province):
    with pytest.raises(ValidationError) as error:
        services.create_agency(actor=None, code="000.00.04.H53", name="Trùng mã", kind="department",
                               administrative_unit=province)
    assert "code" in error.value.message_dict


def test_cyclic_agency_parent_is_refused_and_nothing_changes():
    committee = Agency.objects.get(code="000.00.00.H53")
    justice = Agency.objects.get(code="000.00.04.H53")
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.update_agency(actor=None, agency=committee, parent=justice)
    assert "parent" in error.value.message_dict
    committee.refresh_from_db()
    assert committee.parent_id is None
    assert AuditEvent.objects.count() == events_before


def test_agency_cannot_be_its_own_parent():
    justice = Agency.objects.get(code="000.00.04.H53")
    with pytest.raises(ValidationError) as error:
        services.update_agency(actor=None, agency=justice, parent=justice)
    assert "parent" in error.value.message_dict


def test_moving_an_agency_moves_its_subtree_paths(province):
    committee = Agency.objects.get(code="000.00.00.H53")
    parent = services.create_agency(actor=None, code="000.00.90.H53", name="Khối thử", kind="department",
                                    administrative_unit=province, parent=committee)
    child = services.create_agency(actor=None, code="000.01.90.H53", name="Đơn vị con", kind="department",
                                   administrative_unit=province, parent=parent)
    justice = Agency.objects.get(code="000.00.04.H53")
    services.update_agency(actor=None, agency=parent, parent=justice)
    child.refresh_from_db()
    assert child.path == f"{justice.path}{parent.pk}/{child.pk}/"


def test_membership_ending_before_it_starts_is_refused():
    user = User.objects.create(username="newofficer")
    agency = Agency.objects.get(code="000.00.04.H53")
    with pytest.raises(ValidationError) as error:
        services.grant_membership(actor=None, user=user, role="specialist", agency=agency,
                                  valid_from=dt.date(2026, 3, 1), valid_to=dt.date(2026, 2, 1))
    assert "valid_to" in error.value.message_dict
    assert not Membership.objects.filter(user=user).exists()


def test_membership_outside_the_agencys_validity_is_refused(province):
    agency = services.create_agency(actor=None, code="000.00.91.H53", name="Cơ quan tạm", kind="department",
                                    administrative_unit=province, valid_from=dt.date(2025, 7, 1),
                                    valid_to=dt.date(2026, 6, 30))
    user = User.objects.create(username="tempofficer")
    with pytest.raises(ValidationError) as error:
        services.grant_membership(actor=None, user=user, role="specialist", agency=agency,
                                  valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2027, 1, 1))
    assert "valid_to" in error.value.message_dict


def test_membership_without_a_unit_is_refused():
    user = User.objects.create(username="nounit")
    with pytest.raises(ValidationError) as error:
        services.grant_membership(actor=None, user=user, role="specialist")
    assert "agency" in error.value.message_dict


def test_division_of_another_agency_is_refused():
    user = User.objects.create(username="wrongdivision")
    justice = Agency.objects.get(code="000.00.04.H53")
    finance_division = Agency.objects.get(code="000.00.03.H53").divisions.first()
    with pytest.raises(ValidationError) as error:
        services.grant_membership(actor=None, user=user, role="specialist", agency=justice,
                                  division=finance_division)
    assert "division" in error.value.message_dict


def test_delegation_to_oneself_or_without_reason_is_refused():
    leader = User.objects.get(username="lanhdao")
    membership = Membership.objects.get(user=leader)
    today = dt.date.today()
    with pytest.raises(ValidationError) as error:
        services.delegate_membership(actor=leader, membership=membership, delegate=leader, valid_from=today,
                                     valid_to=today, reason=" ")
    assert set(error.value.message_dict) == {"delegate", "reason"}


def test_unknown_unit_code_in_api_filter_is_named(client):
    response = client.get("/api/v1/administrative-units/", {"parent": "99"})
    assert response.status_code == 400
    assert "parent" in response.json()


def test_administrative_units_api_searches_without_diacritics(client):
    response = client.get("/api/v1/administrative-units/", {"q": "tan ninh", "current": "true"})
    assert response.status_code == 200
    assert "Phường Tân Ninh" in [row["name"] for row in response.json()["results"]]
