"""Checking an uploaded file before it becomes a dossier component: its size, its type read from its
content (the first bytes), never from its name or the browser's Content-Type, a safe file name, and its
SHA-256 computed while it streams through (no second read, no whole file in memory)."""

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

# kind -> (MIME type, extension, label); the signatures are in _sniff.
KINDS = {
    "pdf": ("application/pdf", "pdf", "PDF"),
    "jpeg": ("image/jpeg", "jpg", "JPEG"),
    "png": ("image/png", "png", "PNG"),
    "gif": ("image/gif", "gif", "GIF"),
    "tiff": ("image/tiff", "tif", "TIFF"),
    "webp": ("image/webp", "webp", "WebP"),
}
_HEAD = 1024  # a PDF header may follow up to 1 KiB of junk (PDF 32000-1, Annex H)
MAX_NAME_LENGTH = 120  # characters; and at most 240 bytes in UTF-8 (file systems allow 255)
_RESERVED = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # sanitised, with the extension of the detected type
    content_type: str  # from the content
    size: int
    sha256: str


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if b"%PDF-" in head[:_HEAD]:
        return "pdf"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _clean(raw: str) -> str:
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[/\\]", name)[-1]
    # Cc: control characters (NUL, newline, …); Cf: invisible formatting (bidi overrides, zero-width);
    # Zl/Zp: line and paragraph separators. All become spaces, then runs of spaces one.
    name = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in name)
    return _SPACES.sub(" ", _RESERVED.sub("_", name)).strip(" .")


def sanitise_name(raw: str, *, extension: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """A file name safe to show, store and offer for download: the last path part only, Unicode NFC
    (Vietnamese letters kept), no control or invisible formatting characters (a right-to-left override
    could disguise "fdp.exe"), none of the characters Windows forbids, no leading dots, length-limited,
    ending in ``extension`` (the type found in the content)."""
    name = _clean(raw)
    stem = name.rsplit(".", 1)[0].strip(" .") if "." in name else name
    if not stem or stem.lower() in _WINDOWS_DEVICES:
        stem = f"tep-{stem}" if stem else "tep"
    suffix = f".{extension}"
    stem = stem[:max(1, max_length - len(suffix))]
    while len((stem + suffix).encode("utf-8")) > 240:
        stem = stem[:-1]
    return stem.rstrip(" .") + suffix


def check_upload(uploaded_file, *, allowed=("pdf", "jpeg", "png"), max_bytes: int | None = None,
                 field: str = "file") -> CheckedUpload:
    """Checks ``uploaded_file`` (a Django UploadedFile or File) and leaves it rewound for saving. Raises a
    ValidationError keyed by ``field`` that says what is wrong with the file."""
    max_bytes = settings.MOTCUA_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    raw_name = getattr(uploaded_file, "name", "") or ""
    shown = _clean(raw_name)[:80] or _("the file")

    def fail(message: str, code: str):
        raise ValidationError({field: [ValidationError(message, code=code)]})

    too_big = _("“%(name)s” is larger than the %(limit)s allowed.")
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > max_bytes:
        fail(too_big % {"name": shown, "limit": _megabytes(max_bytes)}, "too_large")
    digest, size, head = hashlib.sha256(), 0, b""
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    for chunk in uploaded_file.chunks() if hasattr(uploaded_file, "chunks") else iter(
            lambda: uploaded_file.read(64 * 1024), b""):
        size += len(chunk)
        if size > max_bytes:  # the declared size was wrong: stop reading at once
            fail(too_big % {"name": shown, "limit": _megabytes(max_bytes)}, "too_large")
        if len(head) < _HEAD:
            head += chunk[:_HEAD - len(head)]
        digest.update(chunk)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    if size == 0:
        fail(_("“%(name)s” is empty.") % {"name": shown}, "empty")
    kind = _sniff(head)
    if kind not in allowed:
        fail(_("“%(name)s” is not of an accepted type (%(allowed)s): its content was checked, not its name.") % {
            "name": shown, "allowed": ", ".join(KINDS[k][2] for k in allowed if k in KINDS)}, "wrong_type")
    content_type, extension, _label = KINDS[kind]
    return CheckedUpload(name=sanitise_name(raw_name, extension=extension), content_type=content_type, size=size,
                         sha256=digest.hexdigest())


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{limit} B"


FILE_FIELDS = ("file", "file_name", "content_type", "size", "sha256")


def keep_checked(instance, uploaded_file, checked: CheckedUpload) -> list[str]:
    """Writes an upload already checked (``check_upload``, or the portal's check and scan) to the storage
    through ``instance.file`` (its model's folder, the sanitised name) and describes it on the instance:
    file name, type from the content, size and SHA-256. Returns the fields to save; the instance is not
    saved here."""
    uploaded_file.seek(0)
    instance.file.save(checked.name, uploaded_file, save=False)
    instance.file_name, instance.content_type = checked.name, checked.content_type
    instance.size, instance.sha256 = checked.size, checked.sha256
    return list(FILE_FIELDS)


def store_upload(uploaded_file, *, allowed=("pdf", "jpeg", "png"), max_bytes: int | None = None,
                 field: str = "file") -> dict:
    """Checks the file and writes it to the default storage under a name nobody can guess or collide with;
    returns the component fields that describe it (file, file_name, content_type, size, sha256). The caller
    deletes the stored file (``discard_stored``) if its transaction fails."""
    checked = check_upload(uploaded_file, allowed=allowed, max_bytes=max_bytes, field=field)
    today = timezone.localdate()
    extension = checked.name.rsplit(".", 1)[-1]
    path = default_storage.save(f"dossiers/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}", uploaded_file)
    return {"file": path, "file_name": checked.name, "content_type": checked.content_type, "size": checked.size,
            "sha256": checked.sha256}


def discard_stored(stored: list[dict]) -> None:
    """Removes files written by ``store_upload`` whose dossier change did not happen."""
    for fields in stored:
        if fields.get("file"):
            default_storage.delete(fields["file"])
