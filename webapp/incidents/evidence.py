"""Evidence uploads: checked by content, stored privately with random names, read back by id only."""

import hashlib
import secrets
from pathlib import Path

import filetype
from flask import current_app
from werkzeug.datastructures import FileStorage

from webapp.extensions import db
from webapp.models import Evidence

# What a file's content must be, and the names such a file may have.
ALLOWED = {
    "image/jpeg": ("JPEG photo", {".jpg", ".jpeg"}),
    "image/png": ("PNG image", {".png"}),
    "image/webp": ("WebP image", {".webp"}),
    "image/gif": ("GIF image", {".gif"}),
    "image/heic": ("HEIC photo", {".heic", ".heif"}),
    "application/pdf": ("PDF", {".pdf"}),
}
ACCEPT_ATTRIBUTE = ",".join(sorted({ext for _, exts in ALLOWED.values() for ext in exts} | set(ALLOWED)))


class EvidenceRefused(ValueError):
    """The file cannot be kept; the message says why, in words for the person uploading it."""


def _evidence_dir() -> Path:
    directory = Path(current_app.config["UPLOAD_DIR"]) / "evidence"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def check_upload(upload: FileStorage) -> tuple[bytes, str]:
    """The file's bytes and its content type, or EvidenceRefused."""
    name = (upload.filename or "").strip()
    limit = current_app.config["EVIDENCE_MAX_BYTES"]
    content = upload.stream.read(limit + 1)
    if not content:
        raise EvidenceRefused(f"{name or 'The file'} is empty.")
    if len(content) > limit:
        raise EvidenceRefused(f"{name} is larger than {limit // (1024 * 1024)} MB. Send a smaller photo or a screenshot.")
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED:
        raise EvidenceRefused(f"{name} is not a photo, screenshot or PDF. Accepted: JPEG, PNG, WebP, GIF, HEIC and PDF.")
    label, extensions = ALLOWED[kind.mime]
    suffix = Path(name).suffix.lower()
    if suffix not in extensions:
        raise EvidenceRefused(f"{name} is named like a {suffix or 'file without a type'} but its content is a {label}. "
                              f"Rename it to end in {sorted(extensions)[0]} or choose the right file.")
    return content, kind.mime


def store(incident, upload: FileStorage, uploader) -> Evidence:
    """Check and keep one upload for `incident` (EvidenceRefused if it cannot be kept)."""
    content, mime = check_upload(upload)
    stored_name = secrets.token_hex(24)
    (_evidence_dir() / stored_name).write_bytes(content)
    evidence = Evidence(incident=incident, uploaded_by=uploader, stored_name=stored_name,
                        original_name=Path(upload.filename or "evidence").name[:200], content_type=mime,
                        size=len(content), sha256=hashlib.sha256(content).hexdigest())
    db.session.add(evidence)
    return evidence


def path_of(evidence: Evidence) -> Path:
    return _evidence_dir() / evidence.stored_name


def discard(evidence_list: list[Evidence]) -> None:
    """Remove files written for a transaction that did not commit."""
    for evidence in evidence_list:
        path_of(evidence).unlink(missing_ok=True)
