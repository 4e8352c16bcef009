"""Download my data: a ZIP built by the jobs process, fetched once through an emailed link.

The JSON is gathered by walking the schema: every table with a column pointing at the person (or
their candidacy) contributes its rows, so a new table of personal data is in the export without
anyone remembering to add it. Left out, and said so in the summary: secrets (password and code
hashes, calendar and two-step secrets), duress events (hidden from the person's own screen on
purpose, in case someone is making them look), and do-not-knock notes (they are about residents).
"""

import hashlib
import io
import json
import logging
import secrets
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import or_, select, update

from webapp.access import mark_checked
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import AuditEntry, Candidacy, DataExport, Evidence, Incident, User
from webapp.notify.outbox import enqueue
from webapp.timeutil import format_london

log = logging.getLogger("campaignsafe.privacy")

LINK_HOURS = 24
SECRET_COLUMNS = {"password_hash", "secret", "code_hash", "token_hash", "duress_pin_hash", "claim_token",
                  "last_used_step", "stored_name"}
NOT_EXPORTED_TABLES = {"do_not_knock_note", "data_export"}
PERSON_TABLES = ("user", "candidacy")


def request_export(user: User) -> bool:
    """Ask for a copy (the caller commits). False if one is already being prepared."""
    pending = db.session.scalar(select(DataExport.id).where(DataExport.user_id == user.id,
                                                            DataExport.built_at.is_(None)))
    if pending is not None:
        return False
    db.session.add(DataExport(user_id=user.id, requested_at=utcnow()))
    return True


def _directory() -> Path:
    directory = Path(current_app.config["UPLOAD_DIR"]) / "exports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def gather(user_id: int) -> dict[str, list[dict]]:
    """Every row that names the person, table by table (secrets and the exclusions above left out)."""
    candidacy_ids = list(db.session.scalars(select(Candidacy.id).where(Candidacy.user_id == user_id)))
    data: dict[str, list[dict]] = {}
    for table in db.metadata.sorted_tables:
        if table.name in NOT_EXPORTED_TABLES:
            continue
        conditions = []
        if table.name == "user":
            conditions.append(table.c.id == user_id)
        if table.name == "candidacy":
            conditions.append(table.c.id.in_(candidacy_ids))
        for fk in table.foreign_keys:
            if fk.column.table.name == "user":
                conditions.append(fk.parent == user_id)
            elif fk.column.table.name == "candidacy":
                conditions.append(fk.parent.in_(candidacy_ids))
        if not conditions:
            continue
        query = select(table).where(or_(*conditions)).order_by(*table.primary_key.columns)
        if "hidden_from_person" in table.c:
            query = query.where(table.c.hidden_from_person.is_(False))
        rows = [{key: _plain(value) for key, value in row._mapping.items() if key not in SECRET_COLUMNS}
                for row in db.session.execute(query)]
        data[table.name] = rows
    # Session events hang off sessions (not off the person): add theirs.
    session_ids = [row["id"] for row in data.get("safety_session", [])]
    if session_ids:
        events = db.metadata.tables["session_event"]
        data["session_event"] = [
            {key: _plain(value) for key, value in row._mapping.items()}
            for row in db.session.execute(select(events).where(events.c.session_id.in_(session_ids),
                                                               events.c.hidden_from_person.is_(False)))]
    data["police_and_council_views"] = _who_viewed(user_id)
    return data


def _who_viewed(user_id: int) -> list[dict]:
    """Who at the police or the council read or changed their details, and when (from the audit log)."""
    rows = db.session.execute(
        select(AuditEntry.at, AuditEntry.action, User.name, User.role)
        .join(User, User.id == AuditEntry.actor_id, isouter=True)
        .where(AuditEntry.subject_user_id == user_id, or_(AuditEntry.actor_id.is_(None),
                                                           AuditEntry.actor_id != user_id))
        .order_by(AuditEntry.at))
    return [{"at": _plain(at), "what": action, "who": name or "(account deleted)", "role": role or ""}
            for at, action, name, role in rows]


def build_zip(user: User) -> bytes:
    data = gather(user.id)
    own_incidents = select(Incident.id).where(or_(Incident.owner_id == user.id,
                                                  Incident.candidacy_id.in_(select(Candidacy.id).where(
                                                      Candidacy.user_id == user.id))))
    evidence = db.session.scalars(select(Evidence).where(Evidence.incident_id.in_(own_incidents))
                                  .order_by(Evidence.id)).all()
    folder = Path(current_app.config["UPLOAD_DIR"]) / "evidence"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("your-data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        for item in evidence:
            path = folder / item.stored_name
            if path.exists():
                archive.write(path, f"evidence/{item.id}-{Path(item.original_name).name}")
        archive.writestr("summary.txt", render_template(
            "privacy/export_summary.txt", user=user, counts={k: len(v) for k, v in data.items() if v},
            evidence_count=len(evidence), built=format_london(utcnow())))
    return buffer.getvalue()


def run(limit: int = 5) -> int:
    """The jobs process: build the copies asked for and email a one-time link (several processes may run)."""
    done = 0
    while done < limit:
        query = select(DataExport).where(DataExport.built_at.is_(None)).order_by(DataExport.id).limit(1)
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        export = db.session.scalar(query)
        if export is None:
            break
        user = db.session.get(User, export.user_id)
        if user is None or user.deletion_requested_at is not None:  # the account is going: no copy
            db.session.delete(export)
            db.session.commit()
            continue
        stored_name = secrets.token_hex(24)
        (_directory() / stored_name).write_bytes(build_zip(user))
        token = secrets.token_urlsafe(32)
        now = utcnow()
        export.built_at, export.stored_name = now, stored_name
        export.token_hash = hashlib.sha256(token.encode()).hexdigest()
        export.expires_at = now + timedelta(hours=LINK_HOURS)
        # Built outside any request: the path is spelled here (routes.download serves it).
        link = f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/your-data/download/{token}"
        enqueue(channel="email", recipient=user.email, template="data_export_ready",
                values={"name": user.display_name, "link": link, "hours": LINK_HOURS},
                dedupe_key=f"data-export:{export.id}", user_id=user.id, kind="data-export")
        db.session.commit()
        done += 1
    db.session.rollback()
    if done:
        log.info("built %d data export(s)", done)
    return done


def take(token: str, user: User) -> bytes | None:
    """The ZIP for this one-time link, once, to its owner within 24 hours (the caller commits)."""
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    now = utcnow()
    claimed = db.session.execute(
        update(DataExport).where(DataExport.token_hash == token_hash, DataExport.user_id == user.id,
                                 DataExport.downloaded_at.is_(None), DataExport.expires_at > now)
        .values(downloaded_at=now).returning(DataExport.stored_name)).first()
    if claimed is None:
        return None
    path = _directory() / claimed.stored_name
    if not path.exists():
        return None
    mark_checked("token")
    content = path.read_bytes()
    path.unlink(missing_ok=True)
    return content
