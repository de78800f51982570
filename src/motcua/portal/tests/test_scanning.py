"""Virus scanning against a real ClamAV daemon started by the tests (temporary configuration, a local
signature database with the EICAR test signature): clean files pass, the EICAR file is refused with a
clear message and nothing is kept; a daemon that does not answer refuses the upload."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.dossiers.models import DraftFile, VaultDocument
from motcua.dossiers.scanning import (
    ClamdScanner,
    NoopScanner,
    ScannerUnavailable,
    check_and_scan,
    get_scanner,
)

from .conftest import PROCEDURE, eicar_bytes, pdf_bytes, upload

pytestmark = pytest.mark.clamav


def test_instream_protocol_clean_and_infected(clamd):
    scanner = ClamdScanner(socket_path=clamd.socket)
    assert scanner.ping()
    assert scanner.scan(io.BytesIO(pdf_bytes())).clean
    verdict = scanner.scan(io.BytesIO(eicar_bytes()))
    assert not verdict.clean and verdict.signature.startswith("Eicar-Test-Signature")
    # A file larger than one chunk goes through in several INSTREAM chunks.
    big = pdf_bytes() + b"\0" * (200 * 1024) + eicar_bytes()
    assert not scanner.scan(io.BytesIO(big)).clean


def test_reply_parsing():
    assert ClamdScanner.parse("stream: OK").clean
    found = ClamdScanner.parse("stream: Win.Test.EICAR_HDB-1 FOUND")
    assert not found.clean and found.signature == "Win.Test.EICAR_HDB-1"
    with pytest.raises(ScannerUnavailable):
        ClamdScanner.parse("INSTREAM size limit exceeded. ERROR")


def test_settings_choose_the_scanner(settings, clamd):
    settings.MOTCUA_VIRUS_SCANNER = "noop"
    assert isinstance(get_scanner(), NoopScanner)
    settings.MOTCUA_VIRUS_SCANNER, settings.MOTCUA_CLAMD_SOCKET = "clamd", clamd.socket
    assert isinstance(get_scanner(), ClamdScanner)


def test_eicar_is_refused_by_name(clamd_settings):
    with pytest.raises(ValidationError) as caught:
        check_and_scan(upload("hợp đồng.pdf", b"%PDF-1.4\n" + eicar_bytes()), field="component_1")
    message = caught.value.message_dict["component_1"][0]
    assert "hợp đồng.pdf" in message and "Eicar-Test-Signature" in message
    assert check_and_scan(upload("ok.pdf", pdf_bytes())).content_type == "application/pdf"


def test_daemon_down_refuses_the_upload(settings, tmp_path):
    settings.MOTCUA_VIRUS_SCANNER, settings.MOTCUA_CLAMD_SOCKET = "clamd", str(tmp_path / "no.sock")
    with pytest.raises(ValidationError) as caught:
        check_and_scan(upload("ok.pdf", pdf_bytes()))
    assert caught.value.message_dict["file"][0]


@pytest.mark.django_db
def test_eicar_upload_in_the_portal_keeps_nothing(clamd_settings, citizen_client, version):
    citizen_client.post(reverse("portal:start", args=[PROCEDURE]))
    from motcua.dossiers.models import DossierDraft

    draft = DossierDraft.objects.latest("id")
    component = draft.procedure_version.components.first()
    infected = upload("đơn.pdf", b"%PDF-1.4\n" + eicar_bytes())
    response = citizen_client.post(reverse("portal:draft", args=[draft.reference]),
                                   {f"component_{component.pk}": infected, "action": "save"})
    assert response.status_code == 400
    error = next(row["error"] for row in response.context["components"] if row["component"] == component)
    assert "đơn.pdf" in error and "Eicar" in error
    assert not DraftFile.objects.exists()
    vault = citizen_client.post(reverse("portal:vault"), {"name": "x", "file": upload("x.pdf", b"%PDF-1.4\n" + eicar_bytes())})
    assert vault.status_code == 400 and not VaultDocument.objects.exists()
