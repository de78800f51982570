"""The document vault: upload (checked like any upload), download, remove, one copy per file."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import VaultDocument

from .conftest import make_citizen, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_upload_list_download_remove(citizen_client, citizen):
    response = citizen_client.post(reverse("portal:vault"), {"name": "Giấy khai sinh", "file": upload("ks.pdf", pdf_bytes())})
    assert response.status_code == 302
    citizen_client.post(reverse("portal:vault"), {"name": "Bản khác", "file": upload("ks2.pdf", pdf_bytes())})
    assert VaultDocument.objects.filter(owner=citizen).count() == 1  # the same file is kept once
    document = VaultDocument.objects.get(owner=citizen)
    page = citizen_client.get(reverse("portal:vault")).content.decode()
    assert "Giấy khai sinh" in page
    download = citizen_client.get(reverse("portal:vault_file", args=[document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    other = make_citizen("other@example.vn", "072090009999")
    citizen_client.force_login(other)
    assert citizen_client.get(reverse("portal:vault_file", args=[document.pk])).status_code == 404
    assert citizen_client.post(reverse("portal:vault_remove", args=[document.pk])).status_code == 404
    citizen_client.force_login(citizen)
    assert citizen_client.post(reverse("portal:vault_remove", args=[document.pk])).status_code == 302
    assert not VaultDocument.objects.exists()


def test_wrong_type_refused(citizen_client):
    response = citizen_client.post(reverse("portal:vault"), {"name": "x", "file": upload("x.pdf", b"<html>")})
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not VaultDocument.objects.exists()
