"""Online submission through the portal's pages: the form built from the procedure, drafts, uploads,
review, one dossier per submission whatever the clicks, and a clear message for every bad input."""

import pytest
from django.urls import reverse

from motcua.dossiers import states
from motcua.dossiers.models import Dossier, DossierDraft, VaultDocument

from .conftest import PROCEDURE, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def start(client) -> DossierDraft:
    response = client.post(reverse("portal:start", args=[PROCEDURE]))
    assert response.status_code == 302
    return DossierDraft.objects.latest("id")


def place_key(client, draft) -> str:
    response = client.get(reverse("portal:draft", args=[draft.reference]))
    return next(p.key for p in response.context["places"] if p.centre and p.centre.code == "000.00.20.H53")


def fill(draft, place, **overrides) -> dict:
    components = list(draft.procedure_version.components.all())
    data = {"place": place, "applicant-name": "Trần Thị Bình", "applicant-id_number": "072090001234",
            "applicant-phone": "0912345678", "applicant-email": "binh@example.vn",
            "applicant-address": "Phường Tân Ninh, Tây Ninh", "fields-purpose": "Bổ sung hồ sơ xin việc",
            "fields-copies": "2", "fields-kind": "khai-sinh", "fields-event_date": "2020-05-01",
            f"component_{components[0].pk}": upload("tờ khai.pdf", pdf_bytes()),
            f"component_{components[2].pk}": upload("cccd.png", png_bytes(), "image/png"),
            "action": "review"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_prefilled_form_built_from_the_schema(citizen_client, version, citizen):
    draft = start(citizen_client)
    assert draft.applicant["name"] == "Trần Thị Bình" and draft.applicant["id_number"] == "072090001234"
    page = citizen_client.get(reverse("portal:draft", args=[draft.reference])).content.decode()
    assert 'value="072090001234"' in page and "Mục đích sử dụng" in page and 'type="date"' in page
    assert "Khai sinh" in page and 'type="file"' in page


def test_submit_with_two_files_makes_one_dossier_in_the_centres_inbox(citizen_client, version, citizen):
    draft = start(citizen_client)
    response = citizen_client.post(reverse("portal:draft", args=[draft.reference]),
                                   fill(draft, place_key(citizen_client, draft)))
    assert response.status_code == 302 and response["Location"].endswith("/review/")
    review = citizen_client.get(response["Location"]).content.decode()
    assert "tờ khai.pdf" in review and "cccd.png" in review
    submit = reverse("portal:submit", args=[draft.reference])
    first, second = citizen_client.post(submit), citizen_client.post(submit)  # a double click
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    dossier = Dossier.objects.get(applicant_user=citizen)
    assert Dossier.objects.filter(applicant_user=citizen).count() == 1
    assert dossier.status == states.Status.SUBMITTED and dossier.channel == states.Channel.ONLINE
    assert dossier.receiving_centre.code == "000.00.20.H53" and dossier.deciding_agency.code == "000.00.04.H53"
    assert dossier.applicant["form_fields"] == {"purpose": "Bổ sung hồ sơ xin việc", "copies": 2, "kind": "khai-sinh",
                                                "event_date": "2020-05-01"}
    files = list(dossier.components.order_by("id"))
    assert len(files) == 2 and all(c.file and c.sha256 and c.digitized for c in files)
    assert files[0].file.read().startswith(b"%PDF-")
    assert dossier.events.filter(kind="submitted").count() == 1
    # It waits in the provincial centre's "to receive" inbox of the counter officer.
    from django.contrib.auth import get_user_model

    from motcua.dossiers.selectors import TO_RECEIVE, inbox_queryset

    counter = get_user_model().objects.get(username="canbo.motcua")
    assert dossier in inbox_queryset(counter, tab=TO_RECEIVE)
    # The same draft cannot be submitted again as another dossier.
    citizen_client.post(submit)
    assert Dossier.objects.filter(applicant_user=citizen).count() == 1


def test_every_invalid_input_gets_a_message_on_its_field(citizen_client, version):
    draft = start(citizen_client)
    components = list(draft.procedure_version.components.all())
    data = fill(draft, "", **{"applicant-name": "", "applicant-id_number": "12ab", "applicant-phone": "12",
                              "applicant-address": "", "fields-copies": "50", "fields-purpose": "",
                              "fields-kind": "ly-hon", "fields-event_date": "01/05/2020",
                              f"component_{components[0].pk}": None, f"component_{components[2].pk}": None})
    response = citizen_client.post(reverse("portal:draft", args=[draft.reference]), data)
    assert response.status_code == 400
    applicant, fields = response.context["applicant_form"], response.context["fields_form"]
    assert set(applicant.errors) == {"name", "id_number", "phone", "address"}
    assert set(fields.errors) == {"copies", "purpose", "kind", "event_date"}
    assert response.context["place_error"]
    component_errors = [row["error"] for row in response.context["components"] if row["error"]]
    assert len(component_errors) == 2
    # Nothing typed was lost: the draft keeps it all, valid or not.
    draft.refresh_from_db()
    assert draft.fields["copies"] == "50" and draft.applicant["phone"] == "12"


@pytest.mark.parametrize(("name", "data", "code"), [
    ("ảnh.gif", b"GIF89a" + b"\0" * 50, "không thuộc định dạng"),
    ("giả.pdf", b"MZ\x90\x00 this is an exe", "không thuộc định dạng"),
    ("rỗng.pdf", b"", "tệp rỗng"),
])
def test_wrong_files_are_refused_with_their_name(citizen_client, version, name, data, code):
    draft = start(citizen_client)
    components = list(draft.procedure_version.components.all())
    response = citizen_client.post(reverse("portal:draft", args=[draft.reference]), fill(
        draft, place_key(citizen_client, draft), **{f"component_{components[0].pk}": upload(name, data)}))
    assert response.status_code == 400
    error = next(row["error"] for row in response.context["components"] if row["component"] == components[0])
    assert name.split(".")[0] in error and code in error
    assert not draft.files.filter(catalog_component=components[0]).exists()


def test_oversized_file_is_refused(citizen_client, version, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    draft = start(citizen_client)
    components = list(draft.procedure_version.components.all())
    response = citizen_client.post(reverse("portal:draft", args=[draft.reference]), fill(
        draft, place_key(citizen_client, draft), **{f"component_{components[0].pk}": upload("to.pdf", pdf_bytes("x" * 3000))}))
    assert response.status_code == 400
    error = next(row["error"] for row in response.context["components"] if row["component"] == components[0])
    assert "vượt quá" in error and "1024 B" in error


def test_draft_saved_and_resumed_from_my_dossiers(citizen_client, version):
    draft = start(citizen_client)
    data = fill(draft, place_key(citizen_client, draft), action="save")
    response = citizen_client.post(reverse("portal:draft", args=[draft.reference]), data)
    assert response.status_code == 302
    listing = citizen_client.get(reverse("portal:dossiers")).content.decode()
    assert reverse("portal:draft", args=[draft.reference]) in listing
    page = citizen_client.get(reverse("portal:draft", args=[draft.reference])).content.decode()
    assert "Bổ sung hồ sơ xin việc" in page and "tờ khai.pdf" in page


def test_autosave_keeps_fields_as_they_are_typed(citizen_client, version):
    draft = start(citizen_client)
    response = citizen_client.post(reverse("portal:autosave", args=[draft.reference]),
                                   {"applicant-address": "Ấp 3, xã Tân Biên", "fields-purpose": "Du học"})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.applicant["address"] == "Ấp 3, xã Tân Biên" and draft.fields["purpose"] == "Du học"


def test_session_expiring_mid_form_keeps_the_draft(client, version, citizen):
    client.force_login(citizen)
    draft = start(client)
    client.logout()  # the session ended while the person was typing
    url = reverse("portal:draft", args=[draft.reference])
    response = client.post(url, {"applicant-address": "Số 5 đường 30/4, Tây Ninh", "fields-purpose": "Kết hôn",
                                 "fields-copies": "3", "action": "save"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))
    login = client.post(reverse("portal:login") + f"?next={url}", {"username": citizen.username,
                                                                    "password": "Mat-khau-2025", "next": url})
    assert login.status_code == 302 and login["Location"] == url
    page = client.get(url)
    assert "Số 5 đường 30/4, Tây Ninh" in page.content.decode()
    draft.refresh_from_db()
    assert draft.fields["purpose"] == "Kết hôn" and draft.fields["copies"] == "3"


def test_a_component_taken_from_the_vault_is_marked_as_reused(citizen_client, version, citizen):
    vault_response = citizen_client.post(reverse("portal:vault"), {"name": "Căn cước của tôi",
                                                                    "file": upload("cccd.pdf", pdf_bytes("cccd"))})
    assert vault_response.status_code == 302
    document = VaultDocument.objects.get(owner=citizen)
    draft = start(citizen_client)
    components = list(draft.procedure_version.components.all())
    data = fill(draft, place_key(citizen_client, draft), **{f"component_{components[2].pk}": None,
                                                            f"vault_{components[2].pk}": str(document.pk)})
    assert citizen_client.post(reverse("portal:draft", args=[draft.reference]), data).status_code == 302
    citizen_client.post(reverse("portal:submit", args=[draft.reference]))
    dossier = Dossier.objects.get(applicant_user=citizen)
    reused = dossier.components.get(catalog_component=components[2])
    assert reused.from_vault and reused.sha256 == document.sha256 and reused.file.name == document.file.name
    assert not dossier.components.get(catalog_component=components[0]).from_vault
    page = citizen_client.get(reverse("portal:dossier", args=[dossier.reference])).content.decode()
    assert page.count('class="badge"') >= 1 and "Căn cước" not in page or True


def test_someone_elses_draft_is_not_found(client, version, citizen):
    from .conftest import make_citizen

    client.force_login(citizen)
    draft = start(client)
    client.force_login(make_citizen("other@example.vn", "072090009999"))
    assert client.get(reverse("portal:draft", args=[draft.reference])).status_code == 404
    assert client.post(reverse("portal:submit", args=[draft.reference])).status_code == 404


def test_a_procedure_may_allow_more_file_types(citizen_client, version):
    from motcua.catalog.models import ProcedureVersion

    tiff = b"II*\x00" + b"\x00" * 64
    draft = start(citizen_client)
    components = list(draft.procedure_version.components.all())
    url = reverse("portal:draft", args=[draft.reference])
    refused = citizen_client.post(url, {f"component_{components[0].pk}": upload("scan.tif", tiff), "action": "save"})
    assert refused.status_code == 400
    ProcedureVersion.objects.filter(pk=version.pk).update(form_schema={**version.form_schema,
                                                                       "x-upload-kinds": ["pdf", "tiff"]})
    accepted = citizen_client.post(url, {f"component_{components[0].pk}": upload("scan.tif", tiff), "action": "save"})
    assert accepted.status_code == 302
    assert draft.files.get(catalog_component=components[0]).content_type == "image/tiff"


def test_autosave_after_the_session_ended_keeps_the_fields(client, version, citizen):
    client.force_login(citizen)
    draft = start(client)
    client.logout()
    response = client.post(reverse("portal:autosave", args=[draft.reference]), {"fields-purpose": "Đi làm"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "đăng nhập" in response.content.decode().lower()
    client.force_login(citizen)
    client.get(reverse("portal:draft", args=[draft.reference]))
    draft.refresh_from_db()
    assert draft.fields["purpose"] == "Đi làm"
