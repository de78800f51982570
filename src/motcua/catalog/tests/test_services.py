"""Catalog writes: publishing checks, versioning (a published version is never edited), drafts, codes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from motcua.accounts.models import User
from motcua.catalog import services
from motcua.catalog.interchange import export_document, import_document
from motcua.catalog.models import Component, Fee, Procedure, ProcedureVersion, Synonym
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BIRTH = "1.001193.000.00.00.H53"


@pytest.fixture
def birth():
    return Procedure.objects.get(localised_code=BIRTH)


def test_publish_refuses_a_version_without_components_naming_the_field(birth):
    draft = services.start_draft(actor=None, procedure=birth)
    draft.components.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.publish_version(actor=None, version=draft)
    assert set(refused.value.message_dict) == {"components"}
    assert "thành phần hồ sơ" in refused.value.message_dict["components"][0]
    draft.refresh_from_db()
    assert draft.status == ProcedureVersion.Status.DRAFT
    assert Procedure.objects.get(pk=birth.pk).current_version.number == 1


@pytest.mark.parametrize(("amount", "unit"), [(None, "wd"), (None, ""), (3, "")])
def test_publish_refuses_a_version_without_its_processing_time(birth, amount, unit):
    draft = services.start_draft(actor=None, procedure=birth)
    ProcedureVersion.objects.filter(pk=draft.pk).update(processing_amount=amount, processing_unit=unit)
    with pytest.raises(ValidationError) as refused:
        services.publish_version(actor=None, version=draft)
    assert set(refused.value.message_dict) == {"processing_amount"}
    assert "thời hạn giải quyết" in refused.value.message_dict["processing_amount"][0]


def test_same_day_needs_no_amount(birth):
    draft = services.start_draft(actor=None, procedure=birth)
    ProcedureVersion.objects.filter(pk=draft.pk).update(processing_amount=None, processing_unit="same_day")
    assert services.publish_version(actor=None, version=draft).status == ProcedureVersion.Status.PUBLISHED


def test_publishing_a_new_version_retires_the_old_one_which_stays_viewable(client, birth):
    old = birth.current_version
    draft = services.start_draft(actor=None, procedure=birth)
    published = services.publish_version(actor=None, version=draft)
    old.refresh_from_db()
    birth.refresh_from_db()
    assert birth.current_version == published and published.number == 2 and published.published_at
    assert old.status == ProcedureVersion.Status.RETIRED and old.retired_at is not None
    assert ProcedureVersion.objects.filter(procedure=birth, status=ProcedureVersion.Status.PUBLISHED).count() == 1
    assert old.components.count() > 0  # the retired version is kept whole
    assert client.get(reverse("catalog:version", args=[BIRTH, old.number])).status_code == 200
    event = AuditEvent.objects.filter(kind="catalog.version_published", subject_id=str(birth.pk)).latest("pk")
    assert event.payload == {"version": 2, "previous": 1}


def test_only_a_draft_can_be_published(birth):
    with pytest.raises(ValidationError) as refused:
        services.publish_version(actor=None, version=birth.current_version)
    assert "status" in refused.value.message_dict


def test_start_draft_copies_components_and_fees(birth):
    source = birth.current_version
    draft = services.start_draft(actor=None, procedure=birth)
    assert draft.number == source.number + 1 and draft.status == ProcedureVersion.Status.DRAFT
    assert draft.published_at is None and draft.retired_at is None
    columns = ("position", "name", "originals", "copies", "required", "condition", "from_vault", "form_name")
    assert list(draft.components.values_list(*columns)) == list(source.components.values_list(*columns))
    fee_columns = ("position", "name", "kind", "amount_vnd", "rule", "exemptions")
    assert list(draft.fees.values_list(*fee_columns)) == list(source.fees.values_list(*fee_columns))
    assert not set(draft.components.values_list("pk", flat=True)) & set(source.components.values_list("pk", flat=True))
    assert draft.name == source.name and draft.legal_basis == source.legal_basis
    # Editing the draft leaves the published version alone.
    Component.objects.filter(version=draft).update(name="changed")
    Fee.objects.filter(version=draft).update(amount_vnd=99)
    assert "changed" not in source.components.values_list("name", flat=True)
    assert 99 not in source.fees.values_list("amount_vnd", flat=True)


def test_a_second_draft_is_refused(birth):
    services.start_draft(actor=None, procedure=birth)
    with pytest.raises(ValidationError) as refused:
        services.start_draft(actor=None, procedure=birth)
    assert "status" in refused.value.message_dict


def test_a_duplicate_localised_code_is_refused(birth):
    duplicate = Procedure(base_code=birth.base_code, localised_code=birth.localised_code, field=birth.field,
                          publishing_agency=birth.publishing_agency)
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert "localised_code" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.create(base_code=birth.base_code, localised_code=birth.localised_code, field=birth.field)


def test_a_duplicate_code_in_an_import_is_refused():
    document = export_document()
    twice = next(p for p in document["procedures"] if p["base_code"] == "1.001193")
    document["procedures"].append(dict(twice))
    count = Procedure.objects.count()
    with translation.override("en"):  # the assertion reads the English wording
        report = import_document(actor=None, document=document)
    assert not report.ok
    problem = next(p for p in report.problems if "duplicate" in p.reason)
    assert problem.field == "base_code" and BIRTH in problem.reason
    assert Procedure.objects.count() == count


def test_only_catalog_editors_may_change_the_catalog(birth):
    citizen = User.objects.get(username="congdan")
    with pytest.raises(PermissionDenied):
        services.start_draft(actor=citizen, procedure=birth)
    with pytest.raises(PermissionDenied):
        services.set_synonym(actor=citizen, term="giấy khai sinh", expansion="khai sinh")
    admin = User.objects.get(username="quantri")
    assert services.start_draft(actor=admin, procedure=birth).number == 2


def test_set_synonym_is_keyed_by_the_folded_word():
    first = services.set_synonym(actor=None, term="Sổ Hồng", expansion="giấy chứng nhận quyền sở hữu nhà ở")
    second = services.set_synonym(actor=None, term="so hong", expansion="giấy chứng nhận quyền sử dụng đất")
    assert first.pk == second.pk and Synonym.objects.filter(term_folded="so hong").count() == 1
    with pytest.raises(ValidationError):
        services.set_synonym(actor=None, term="  ", expansion="x")
