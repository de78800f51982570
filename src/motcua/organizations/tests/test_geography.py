import pytest

from motcua.organizations.models import AdministrativeUnit
from motcua.organizations.selectors import current_units, resolve_current

pytestmark = pytest.mark.django_db


def test_current_units_are_34_provinces_and_3321_communes():
    assert current_units("province").count() == 34
    assert current_units("commune").count() == 3321
    assert not current_units("district").exists()


def test_every_current_commune_sits_in_a_current_province():
    orphans = current_units("commune").exclude(parent__level="province", parent__valid_to__isnull=True)
    assert not orphans.exists()


def test_pre_2025_province_resolves_to_its_successor():
    ha_giang = AdministrativeUnit.objects.get(code="02", valid_to__isnull=False)
    assert ha_giang.name == "Tỉnh Hà Giang"
    assert [(u.code, u.name) for u in resolve_current(ha_giang)] == [("08", "Tỉnh Tuyên Quang")]


def test_pre_2025_commune_resolves_to_todays_commune():
    # Phường Phúc Xá (Quận Ba Đình, Hà Nội) became part of Phường Hồng Hà on 1/7/2025.
    phuc_xa = AdministrativeUnit.objects.get(code="00001", valid_to__isnull=False)
    assert phuc_xa.name == "Phường Phúc Xá"
    assert phuc_xa.parent.name == "Quận Ba Đình"
    resolved = resolve_current(phuc_xa)
    assert [u.name for u in resolved] == ["Phường Hồng Hà"]
    assert resolved[0].parent.code == "01"


def test_current_unit_resolves_to_itself():
    hanoi = AdministrativeUnit.objects.get(code="01", valid_to__isnull=True)
    assert resolve_current(hanoi) == [hanoi]


def test_loading_again_changes_nothing():
    from motcua.organizations.geography import load_administrative_units

    before = AdministrativeUnit.objects.count()
    assert load_administrative_units() == {"units": 0, "successor_links": 0}
    assert AdministrativeUnit.objects.count() == before


def test_loading_the_demo_province_again_changes_nothing():
    from motcua.core.models import AuditEvent
    from motcua.organizations.demo import load_demo_province
    from motcua.organizations.models import Agency, Counter, Division, Membership, ServiceCentre

    models = [Agency, Division, ServiceCentre, Counter, Membership, AuditEvent]
    before = {model.__name__: model.objects.count() for model in models}
    result = load_demo_province()
    assert {model.__name__: model.objects.count() for model in models} == before
    assert result["communes"] == 96 and result["centres"] == 4
