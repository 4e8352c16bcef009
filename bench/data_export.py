"""Download-my-data benchmark: build one candidate's ZIP as the jobs process does (issue 16).

    .venv/bin/python -m bench.data_export            # 500 activities, 50 evidence files of 200 KB
    .venv/bin/python -m bench.data_export --activities 500 --evidence 50 --evidence-kb 1024

Reuses bench.purge's loader for one candidate (activities with a companion, delivered messages, an
incident, a safety session), adds incidents with evidence files on disk, asks for a copy
(`webapp.privacy.export.request_export`) and times `webapp.privacy.export.run()` — the code the jobs
process runs — then checks the ZIP holds every evidence file. Target: under 10 s.
PostgreSQL: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/bench_export).
"""

import argparse
import hashlib
import os
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from bench.outbox import ensure_postgres_database
from bench.purge import build

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_export")
TARGET_SECONDS = 10.0


def add_evidence(user_id: int, files: int, size: int, folder: Path) -> None:
    from webapp.extensions import db
    from webapp.models import Evidence, Incident

    at = datetime(2027, 4, 20, 12, tzinfo=UTC)
    for n in range(files):
        incident = Incident(owner_id=user_id, candidacy_id=user_id, category="other", occurred_at=at,
                            description=f"Leaflet torn up, photo {n}", created_at=at, updated_at=at)
        db.session.add(incident)
        db.session.flush()
        content = os.urandom(size)
        stored = f"bench-{n:03d}-{hashlib.sha256(content).hexdigest()[:16]}"
        (folder / stored).write_bytes(content)
        db.session.add(Evidence(incident_id=incident.id, uploaded_by_id=user_id, stored_name=stored,
                                original_name=f"photo-{n}.jpg", content_type="image/jpeg", size=size,
                                sha256=hashlib.sha256(content).hexdigest(), uploaded_at=at))
    db.session.commit()


def main(argv=None) -> bool:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=500)
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--evidence", type=int, default=50)
    parser.add_argument("--evidence-kb", type=int, default=200)
    args = parser.parse_args(argv)
    ensure_postgres_database(PG_URL)

    from webapp import create_app
    from webapp.clock import FrozenClock
    from webapp.extensions import db
    from webapp.models import User
    from webapp.privacy import export

    uploads = Path(tempfile.mkdtemp())
    clock = FrozenClock(datetime(2027, 5, 10, 9, tzinfo=UTC))
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": PG_URL, "CLOCK": clock, "UPLOAD_DIR": str(uploads)})
    with app.app_context():
        build(app, 1, args.activities, args.messages)
        (uploads / "evidence").mkdir()
        add_evidence(1, args.evidence, args.evidence_kb * 1024, uploads / "evidence")
        user = db.session.get(User, 1)
        export.request_export(user)
        db.session.commit()
        began = time.perf_counter()
        built = export.run()
        spent = time.perf_counter() - began
        (zip_path,) = (uploads / "exports").iterdir()
        with zipfile.ZipFile(zip_path) as archive:
            names = archive.namelist()
        evidence = sum(1 for name in names if name.startswith("evidence/"))
        print(f"export of {args.activities} activities, {args.messages} messages, {args.evidence} evidence files "
              f"of {args.evidence_kb} KB: built {built} in {spent:.2f} s (target < {TARGET_SECONDS:.0f} s); "
              f"ZIP {zip_path.stat().st_size / 1e6:.1f} MB, {len(names)} entries, {evidence} evidence files")
        db.engine.dispose()
    return built == 1 and evidence == args.evidence and spent < TARGET_SECONDS


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
