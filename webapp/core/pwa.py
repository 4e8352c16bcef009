"""The service worker script, stamped with a version that changes whenever a static file does."""

import hashlib
from functools import cache
from pathlib import Path

SERVICE_WORKER = Path("js") / "service-worker.js"
PLACEHOLDER = "__STATIC_VERSION__"


@cache
def static_version(static_folder: str) -> str:
    """A short hash of every file under static/: a deploy that changes any of them gets a new cache."""
    digest = hashlib.sha256()
    root = Path(static_folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def service_worker_source(static_folder: str) -> str:
    source = (Path(static_folder) / SERVICE_WORKER).read_text(encoding="utf-8")
    return source.replace(PLACEHOLDER, static_version(static_folder))
