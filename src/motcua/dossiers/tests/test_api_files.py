"""Component files through the API: attach by multipart upload (type read from the content, SHA-256 in the
timeline), download the same bytes, and the refusals (wrong type, second file, foreign dossier, ended dossier)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import services
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.models import Dossier
from motcua.processes.models import Process

from .test_api import JUSTICE, LIST, PROVINCE_CENTRE, client_for, intake_body

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def received(client):
    process = Process.objects.filter(agency__code=JUSTICE, status=Process.Status.ACTIVE).select_related(
        "procedure").first()
    response = client.post(LIST, intake_body(process.procedure.localised_code, JUSTICE,
                                             receiving_centre=PROVINCE_CENTRE), format="json")
    assert response.status_code == 201, response.data
    return response.data


def file_url(code: str, component_id: int) -> str:
    return f"{LIST}{code}/components/{component_id}/file/"


def test_attach_and_download_a_scanned_file(media):
    counter = client_for("canbo.motcua")
    dossier = received(counter)
    component = dossier["components"][0]
    upload = SimpleUploadedFile("../../giấy đề nghị.PDF", PDF, content_type="text/plain")
    response = counter.post(file_url(dossier["code"], component["id"]),
                            {"file": upload, "digitized": "true", "expected_version": dossier["version"]},
                            format="multipart")
    assert response.status_code == 200, response.data
    attached = next(c for c in response.data["components"] if c["id"] == component["id"])
    assert attached["file_name"] == "giấy đề nghị.pdf"
    assert attached["content_type"] == "application/pdf"
    assert attached["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attached["size"] == len(PDF) and attached["digitized"] is True
    assert response.data["version"] == dossier["version"] + 1
    event = response.data["events"][-1]
    assert event["kind"] == "component_file_attached"
    assert event["payload"]["sha256"] == attached["sha256"]
    assert verify_dossier(Dossier.objects.get(code=dossier["code"])) == []

    download = counter.get(file_url(dossier["code"], component["id"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "giấy đề nghị.pdf" in download.headers["Content-Disposition"] or "filename*=" in download.headers[
        "Content-Disposition"]
    assert len(list(media.rglob("*.pdf"))) == 1


def test_refusals_name_the_field_and_leave_nothing_behind(media):
    counter = client_for("canbo.motcua")
    dossier = received(counter)
    first, second = (c["id"] for c in dossier["components"])
    url = file_url(dossier["code"], first)

    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = counter.post(url, {"file": fake}, format="multipart")
    assert response.status_code == 400
    assert "content was checked" in str(response.data["file"][0])

    stale = counter.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "expected_version": 99},
                         format="multipart")
    assert stale.status_code == 409
    assert list(media.rglob("*.pdf")) == []  # the stored file went with the refused change

    assert counter.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart").status_code == 200
    again = counter.post(url, {"file": SimpleUploadedFile("b.pdf", PDF)}, format="multipart")
    assert again.status_code == 400
    assert "already has a file" in str(again.data["component"][0])
    assert len(list(media.rglob("*.pdf"))) == 1

    assert counter.get(file_url(dossier["code"], second)).status_code == 404  # declared, no file yet
    assert counter.post(file_url(dossier["code"], 999999), {"file": SimpleUploadedFile("a.pdf", PDF)},
                        format="multipart").status_code == 404
    commune = client_for("motcua.tanninh")
    assert commune.get(url).status_code == 404  # not in the commune's units


def test_no_file_after_the_dossier_ended(media):
    counter = client_for("canbo.motcua")
    dossier = received(counter)
    services.stop(actor=None, dossier=Dossier.objects.get(code=dossier["code"]), reason="Thử")
    response = counter.post(file_url(dossier["code"], dossier["components"][1]["id"]),
                            {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart")
    assert response.status_code == 400
    assert list(media.rglob("*.pdf")) == []
