"""Shared set-up of the portal tests: a citizen, the procedure used throughout (certified copy of a civil
status extract: two required documents, a fee of 8,000 VND, fully online), small real files, and officers
who act through the services."""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion

PROCEDURE = "2.000635.000.00.00.H53"  # Cấp bản sao Trích lục hộ tịch
SCHEMA = {
    "type": "object",
    "required": ["purpose", "copies"],
    "properties": {
        "purpose": {"type": "string", "title": "Mục đích sử dụng", "maxLength": 200},
        "copies": {"type": "integer", "title": "Số bản sao", "minimum": 1, "maximum": 10},
        "kind": {"type": "string", "title": "Loại trích lục", "enum": ["khai-sinh", "ket-hon"],
                 "enumNames": ["Khai sinh", "Kết hôn"]},
        "event_date": {"type": "string", "format": "date", "title": "Ngày đăng ký"},
    },
}


def pdf_bytes(text: str = "motcua") -> bytes:
    body = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n"
            b"4 0 obj<</Length " + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def png_bytes() -> bytes:
    import base64

    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def eicar_bytes() -> bytes:
    # The standard anti-virus test string, assembled here so that no file of the repository contains it whole.
    return b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def version(db):
    version = ProcedureVersion.objects.get(procedure__localised_code=PROCEDURE, status="published")
    ProcedureVersion.objects.filter(pk=version.pk).update(form_schema=SCHEMA)
    version.refresh_from_db()
    return version


def make_citizen(username="citizen@example.vn", personal_id="072090001234", verified_identity=False):
    return get_user_model().objects.create_user(
        username=username, password="Mat-khau-2025", full_name="Trần Thị Bình", personal_id=personal_id,
        email=username if "@" in username else "", phone="0912345678", account_kind="citizen",
        email_verified_at=timezone.now(), identity_verified_at=timezone.now() if verified_identity else None)


@pytest.fixture
def citizen(db):
    return make_citizen()


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


class Clamd:
    """A real clamd started for the tests with a temporary configuration and a local signature database
    holding the EICAR test signature (no signature download needed)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="motcua-clamd-")
        # A body signature (.ndb: name:target type:offset:hex): the test string anywhere in any file, so an
        # EICAR string hidden after a PDF header is found too.
        with open(os.path.join(self.dir, "test.ndb"), "w") as handle:
            handle.write(f"Eicar-Test-Signature:0:*:{eicar_bytes().hex()}\n")
        self.socket = os.path.join(self.dir, "clamd.sock")
        self.config = os.path.join(self.dir, "clamd.conf")
        with open(self.config, "w") as handle:
            handle.write(f"LocalSocket {self.socket}\nDatabaseDirectory {self.dir}\nForeground yes\n"
                         f"LogFile {self.dir}/clamd.log\nTemporaryDirectory {self.dir}\nStreamMaxLength 25M\n")
        binary = shutil.which("clamd") or "/usr/sbin/clamd"
        self.process = subprocess.Popen([binary, "-c", self.config], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not os.path.exists(self.socket):
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = os.path.join(self.dir, "clamd.log")
                text = Path(log).read_text(errors="replace") if os.path.exists(log) else ""
                raise RuntimeError(f"clamd did not start: {text[-2000:]}")
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def clamd():
    daemon = Clamd()
    yield daemon
    daemon.stop()


@pytest.fixture
def clamd_settings(settings, clamd):
    settings.MOTCUA_VIRUS_SCANNER = "clamd"
    settings.MOTCUA_CLAMD_SOCKET = clamd.socket
    return clamd


