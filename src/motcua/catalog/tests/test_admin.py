"""The catalog in Django admin: published versions are read-only, drafts are started and published by
actions through the services, synonyms are saved through services.set_synonym."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.models import Field, LifeEvent, Procedure, ProcedureVersion, Synonym
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BIRTH = "1.001193.000.00.00.H53"


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.get(username="quantri"))  # the demo system administrator
    return client


@pytest.fixture
def birth():
    return Procedure.objects.get(localised_code=BIRTH)


def action(admin_client, model: str, name: str, pks) -> list[str]:
    response = admin_client.post(reverse(f"admin:catalog_{model}_changelist"),
                                 {"action": name, "_selected_action": [str(pk) for pk in pks]}, follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", ["field", "procedure", "procedureversion", "lifeevent", "synonym"])
def test_every_catalog_list_opens(admin_client, model):
    assert admin_client.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:catalog_{model}_add")).status_code == 200


def test_change_pages_open(admin_client, birth):
    page = admin_client.get(reverse("admin:catalog_procedure_change", args=[birth.pk])).content.decode()
    assert reverse("catalog:procedure", args=[BIRTH]) in page  # link to the public page
    assert reverse("admin:catalog_procedureversion_change", args=[birth.current_version.pk]) in page  # inline
    event = LifeEvent.objects.get(code="co-con-nho")
    assert admin_client.get(reverse("admin:catalog_lifeevent_change", args=[event.pk])).status_code == 200
    field = Field.objects.get(code="HOTICH")
    assert admin_client.get(reverse("admin:catalog_field_change", args=[field.pk])).status_code == 200


def test_a_published_version_is_read_only_and_a_change_is_refused(admin_client, birth):
    version = birth.current_version
    url = reverse("admin:catalog_procedureversion_change", args=[version.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="name"' not in page and 'name="_save"' not in page
    assert version.name in page
    response = admin_client.post(url, {"name": "changed"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name == "Thủ tục đăng ký khai sinh"
    assert admin_client.post(reverse("admin:catalog_procedureversion_delete", args=[version.pk]),
                             {"post": "yes"}).status_code == 403


def test_start_a_draft_edit_it_and_publish_it_through_the_actions(admin_client, birth):
    old = birth.current_version
    messages = action(admin_client, "procedureversion", "start_draft_action", [old.pk])
    draft = birth.versions.get(status=ProcedureVersion.Status.DRAFT)
    assert draft.number == 2 and draft.components.count() == old.components.count()
    assert any("2" in m for m in messages)

    url = reverse("admin:catalog_procedureversion_change", args=[draft.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="name"' in page and 'name="components-0-name"' in page
    components = list(draft.components.all())
    fees = list(draft.fees.all())
    data = {
        "name": "Thủ tục đăng ký khai sinh (sửa đổi)", "name_en": draft.name_en, "levels": '["commune"]',
        "deciding_agency_kinds": '["commune_committee"]', "applicants": '["citizen"]',
        "methods": '["counter", "online"]', "steps": draft.steps, "processing_amount": "2",
        "processing_unit": "wd", "processing_note": "", "cutoff": "15:00", "result_name": draft.result_name,
        "result_paper_required": "on", "legal_basis": '["Luật Hộ tịch số 60/2014/QH13"]', "requirements": "",
        "online_level": "full", "form_schema": "{}", "decision_number": "", "decision_date": "",
        "decision_effective_date": "", "keywords": '["khai sinh"]', "sources": "[]", "unconfirmed": "[]",
        "components-TOTAL_FORMS": str(len(components)), "components-INITIAL_FORMS": str(len(components)),
        "components-MIN_NUM_FORMS": "0", "components-MAX_NUM_FORMS": "1000",
        "fees-TOTAL_FORMS": str(len(fees)), "fees-INITIAL_FORMS": str(len(fees)),
        "fees-MIN_NUM_FORMS": "0", "fees-MAX_NUM_FORMS": "1000", "_save": "Save",
    }
    for i, c in enumerate(components):
        data.update({f"components-{i}-id": str(c.pk), f"components-{i}-version": str(draft.pk),
                     f"components-{i}-position": str(c.position), f"components-{i}-name": c.name,
                     f"components-{i}-originals": str(c.originals), f"components-{i}-copies": str(c.copies),
                     f"components-{i}-condition": c.condition, f"components-{i}-form_name": c.form_name})
        if c.required:
            data[f"components-{i}-required"] = "on"
    for i, f in enumerate(fees):
        data.update({f"fees-{i}-id": str(f.pk), f"fees-{i}-version": str(draft.pk),
                     f"fees-{i}-position": str(f.position), f"fees-{i}-name": f.name, f"fees-{i}-kind": f.kind,
                     f"fees-{i}-amount_vnd": "" if f.amount_vnd is None else str(f.amount_vnd),
                     f"fees-{i}-rule": f.rule, f"fees-{i}-exemptions": f.exemptions})
    data["fees-0-amount_vnd"] = "8000"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.name == "Thủ tục đăng ký khai sinh (sửa đổi)" and draft.processing_amount == 2
    assert draft.fees.get(position=0).amount_vnd == 8000
    assert "sua doi" in draft.search_name
    assert AuditEvent.objects.filter(kind="catalog.draft_saved").exists()

    messages = action(admin_client, "procedureversion", "publish_action", [draft.pk])
    assert any(BIRTH in m for m in messages)
    birth.refresh_from_db()
    old.refresh_from_db()
    assert birth.current_version_id == draft.pk and old.status == ProcedureVersion.Status.RETIRED
    page = admin_client.get(url)
    assert 'name="_save"' not in page.content.decode()  # published now: read-only


def test_publishing_an_incomplete_draft_reports_the_missing_field(admin_client, birth):
    action(admin_client, "procedure", "start_draft_action", [birth.pk])
    draft = birth.versions.get(status=ProcedureVersion.Status.DRAFT)
    draft.components.all().delete()
    messages = action(admin_client, "procedureversion", "publish_action", [draft.pk])
    assert any("components" in m for m in messages)
    draft.refresh_from_db()
    assert draft.status == ProcedureVersion.Status.DRAFT


def test_a_second_draft_is_refused_with_a_message(admin_client, birth, settings):
    settings.LANGUAGE_CODE = "en"  # the assertion reads the English wording
    action(admin_client, "procedure", "start_draft_action", [birth.pk])
    messages = action(admin_client, "procedure", "start_draft_action", [birth.pk])
    assert any(BIRTH in m and "draft" in m for m in messages)
    assert birth.versions.filter(status=ProcedureVersion.Status.DRAFT).count() == 1


def test_a_duplicate_localised_code_is_refused_in_admin(admin_client, birth):
    before = Procedure.objects.count()
    response = admin_client.post(reverse("admin:catalog_procedure_add"), {
        "base_code": birth.base_code, "localised_code": BIRTH, "publishing_agency": birth.publishing_agency_id,
        "field": birth.field_id, "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0", "versions-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 200
    assert "localised_code" in response.context["adminform"].form.errors
    assert Procedure.objects.count() == before


def test_a_localised_code_must_match_its_parts(admin_client, birth):
    response = admin_client.post(reverse("admin:catalog_procedure_add"), {
        "base_code": "1.999999", "localised_code": "1.999999.000.00.00.H99",
        "publishing_agency": birth.publishing_agency_id, "field": birth.field_id, "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0", "versions-MIN_NUM_FORMS": "0", "versions-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "1.999999.000.00.00.H53" in str(errors["localised_code"])


def test_a_new_procedure_and_its_first_draft(admin_client, birth):
    response = admin_client.post(reverse("admin:catalog_procedure_add"), {
        "base_code": "1.999999", "localised_code": "1.999999.000.00.00.H53",
        "publishing_agency": birth.publishing_agency_id, "field": birth.field_id, "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0", "versions-MIN_NUM_FORMS": "0", "versions-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302
    procedure = Procedure.objects.get(localised_code="1.999999.000.00.00.H53")
    response = admin_client.post(reverse("admin:catalog_procedureversion_add"), {
        "procedure": procedure.pk, "name": "Thủ tục mới", "levels": "[]", "deciding_agency_kinds": "[]",
        "applicants": "[]", "methods": "[]", "legal_basis": "[]", "online_level": "none", "form_schema": "{}",
        "keywords": "[]", "sources": "[]", "unconfirmed": "[]",
        "components-TOTAL_FORMS": "0", "components-INITIAL_FORMS": "0", "components-MIN_NUM_FORMS": "0",
        "components-MAX_NUM_FORMS": "1000", "fees-TOTAL_FORMS": "0", "fees-INITIAL_FORMS": "0",
        "fees-MIN_NUM_FORMS": "0", "fees-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    version = procedure.versions.get()
    assert version.number == 1 and version.status == ProcedureVersion.Status.DRAFT
    messages = action(admin_client, "procedureversion", "publish_action", [version.pk])
    assert any("components" in m for m in messages) and any("processing_amount" in m for m in messages)


def test_synonyms_are_saved_through_the_service(admin_client):
    response = admin_client.post(reverse("admin:catalog_synonym_add"),
                                 {"term": "Giấy Đỏ", "expansion": "giấy chứng nhận quyền sử dụng đất"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(term_folded="giay do")
    assert synonym.term == "Giấy Đỏ"
    assert AuditEvent.objects.filter(kind="catalog.synonym_set", subject_id=str(synonym.pk)).exists()
    response = admin_client.post(reverse("admin:catalog_synonym_change", args=[synonym.pk]),
                                 {"expansion": "giấy chứng nhận"})
    assert response.status_code == 302
    synonym.refresh_from_db()
    assert synonym.expansion == "giấy chứng nhận" and synonym.term == "Giấy Đỏ"
    assert Synonym.objects.filter(term_folded="giay do").count() == 1


def test_citizens_cannot_open_the_catalog_admin(client):
    client.force_login(User.objects.get(username="congdan"))
    response = client.get(reverse("admin:catalog_procedure_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
