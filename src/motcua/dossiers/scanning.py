"""Virus scanning of uploaded files behind one small interface, chosen in settings (MOTCUA_VIRUS_SCANNER):

* ``ClamdScanner`` streams the file to a ClamAV daemon with clamd's INSTREAM command (unix socket
  MOTCUA_CLAMD_SOCKET, or TCP MOTCUA_CLAMD_HOST / MOTCUA_CLAMD_PORT);
* ``NoopScanner`` accepts everything (development without clamd).

A scanner that cannot answer (daemon down, timeout) raises ``ScannerUnavailable``: the upload is refused
with a message asking to try again, never accepted unscanned."""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

CHUNK = 64 * 1024


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""  # the name of what was found, e.g. "Eicar-Test-Signature"


class ScannerUnavailable(Exception):
    """The scanner gave no verdict."""


class Scanner:
    name = "scanner"

    def scan(self, fileobj) -> ScanResult:
        raise NotImplementedError


class NoopScanner(Scanner):
    """Scans nothing. For development machines without a ClamAV daemon; never in production."""

    name = "noop"

    def scan(self, fileobj) -> ScanResult:
        return ScanResult(clean=True)


class ClamdScanner(Scanner):
    """clamd's INSTREAM: ``zINSTREAM\\0``, then chunks each prefixed by its length as a 4-byte big-endian
    unsigned integer, ended by a zero-length chunk; the answer is ``stream: OK`` or ``stream: NAME FOUND``
    (NUL-terminated with the z prefix). A stream above clamd's StreamMaxLength is answered with
    ``INSTREAM size limit exceeded``, which we treat as no verdict."""

    name = "clamd"

    def __init__(self, *, socket_path: str = "", host: str = "", port: int = 3310, timeout: float = 30.0):
        self.socket_path, self.host, self.port, self.timeout = socket_path, host, port, timeout

    def _connect(self) -> socket.socket:
        try:
            if self.socket_path:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.timeout)
                sock.connect(self.socket_path)
            else:
                sock = socket.create_connection((self.host or "127.0.0.1", self.port), timeout=self.timeout)
        except OSError as exc:
            raise ScannerUnavailable(f"cannot reach clamd: {exc}") from exc
        return sock

    def ping(self) -> bool:
        with self._connect() as sock:
            sock.sendall(b"zPING\0")
            return self._reply(sock) == "PONG"

    def scan(self, fileobj) -> ScanResult:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        chunks = fileobj.chunks(CHUNK) if hasattr(fileobj, "chunks") else iter(lambda: fileobj.read(CHUNK), b"")
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for chunk in chunks:
                    if chunk:
                        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = self._reply(sock)
        except OSError as exc:
            raise ScannerUnavailable(f"clamd did not answer: {exc}") from exc
        finally:
            if hasattr(fileobj, "seek"):
                fileobj.seek(0)
        return self.parse(reply)

    @staticmethod
    def _reply(sock: socket.socket) -> str:
        data = b""
        while not data.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            data += part
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    @staticmethod
    def parse(reply: str) -> ScanResult:
        if reply.endswith("FOUND"):
            body = reply.split(":", 1)[-1].strip()
            return ScanResult(clean=False, signature=body[: -len("FOUND")].strip())
        if reply.endswith(": OK"):
            return ScanResult(clean=True)
        raise ScannerUnavailable(f"clamd answered: {reply or 'nothing'}")


def get_scanner() -> Scanner:
    """The scanner of the settings: "clamd", "noop", or the dotted path of a Scanner class."""
    choice = settings.MOTCUA_VIRUS_SCANNER
    if choice == "clamd":
        return ClamdScanner(socket_path=settings.MOTCUA_CLAMD_SOCKET, host=settings.MOTCUA_CLAMD_HOST,
                            port=settings.MOTCUA_CLAMD_PORT, timeout=settings.MOTCUA_CLAMD_TIMEOUT)
    if choice == "noop":
        return NoopScanner()
    return import_string(choice)()


def check_and_scan(uploaded_file, *, field: str = "file", allowed=("pdf", "jpeg", "png"), max_bytes=None):
    """check_upload (size, type by content, safe name), then the virus scan. Raises a ValidationError keyed
    by ``field`` with a message for the person who uploaded it."""
    import logging

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .uploads import _clean, check_upload

    checked = check_upload(uploaded_file, allowed=allowed, max_bytes=max_bytes, field=field)
    shown = _clean(getattr(uploaded_file, "name", ""))[:80] or _("the file")
    try:
        verdict = get_scanner().scan(uploaded_file)
    except ScannerUnavailable as exc:
        logging.getLogger("motcua.scanning").error("Virus scanner unavailable: %s", exc)
        raise ValidationError({field: [ValidationError(
            _("“%(name)s” could not be checked for viruses just now. Please try again in a few minutes.")
            % {"name": shown}, code="scanner_unavailable")]}) from exc
    if not verdict.clean:
        logging.getLogger("motcua.scanning").warning("Upload refused: %s contains %s", shown, verdict.signature)
        raise ValidationError({field: [ValidationError(
            _("“%(name)s” contains a virus or harmful content (%(signature)s) and was refused.")
            % {"name": shown, "signature": verdict.signature}, code="infected")]})
    return checked
