"""Confirming an import (all or nothing), handing consenting nominees to their force, and invitations."""

from flask import current_app
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Candidacy, Election, NominationImport, Nominee, User, audit
from webapp.notify.outbox import enqueue
from webapp.tokens import make_token, read_token

FIELDS = ("name", "mobile", "office", "ward", "party", "consent")
INVITE_PURPOSE = "nomination-invite"


def apply_import(staged: NominationImport, office_user: User) -> None:
    """Write a staged import's rows (the caller commits once, so it is all or nothing)."""
    existing = {n.email: n for n in db.session.scalars(select(Nominee).where(Nominee.council == staged.council))}
    now = utcnow()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "handed_over": 0}
    outcomes = []
    for row in staged.rows:
        nominee = existing.get(row["email"])
        if nominee is None:
            nominee = Nominee(council=staged.council, email=row["email"], **{f: row[f] for f in FIELDS})
            db.session.add(nominee)
            outcome = "created"
        elif any(getattr(nominee, f) != row[f] for f in FIELDS):
            for name in FIELDS:
                setattr(nominee, name, row[name])
            outcome = "updated"
        else:
            outcome = "unchanged"
        counts[outcome] += 1
        if outcome != "unchanged":
            nominee.last_import_id = staged.id
        _hand_over_or_back(nominee, staged, now)
        outcomes.append((row, nominee, outcome))
    db.session.flush()  # one flush for every row: the new nominees get their ids for links
    results = []
    for row, nominee, outcome in outcomes:
        if nominee.is_handed_over:
            counts["handed_over"] += 1
            if nominee.invitations_sent == 0 and nominee.user_id is None:
                send_invitation(nominee)
        results.append({"line": row["line"], "nominee_id": nominee.id, "name": nominee.name,
                        "email": nominee.email, "outcome": outcome, "handed_over": nominee.is_handed_over})
    staged.rows = results
    staged.total = len(results)
    staged.created, staged.updated, staged.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    staged.handed_over = counts["handed_over"]
    staged.status = "confirmed"
    staged.confirmed_at = now
    audit.record("nominations.import", actor=office_user,
                 detail=f"import {staged.id}: {staged.total} rows, {staged.handed_over} handed over")


def _hand_over_or_back(nominee: Nominee, staged: NominationImport, now) -> None:
    """Consenting nominees are handed to the office's force; a withdrawn consent takes them back."""
    if nominee.consent and staged.force_id is not None:
        if nominee.handed_over_at is None or nominee.force_id != staged.force_id:
            nominee.handed_over_at = now
            nominee.force_id = staged.force_id
    elif nominee.handed_over_at is not None:
        nominee.handed_over_at = None
        nominee.force_id = None


def invitation_link(nominee: Nominee) -> str:
    token = make_token(INVITE_PURPOSE, {"n": nominee.id, "e": nominee.email})
    # Built from the URL map, not the request, so it works from a job or the command line too.
    path = current_app.url_map.bind("campaignsafe").build("office.accept_invitation", {"token": token})
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def send_invitation(nominee: Nominee) -> None:
    """Email a signed link to create an account; each send has its own dedupe key."""
    nominee.invitations_sent += 1
    nominee.last_invited_at = utcnow()
    values = {"name": nominee.name, "council": nominee.council, "link": invitation_link(nominee),
              "force": nominee.force.name if nominee.force else "your police force"}
    enqueue(channel="email", recipient=nominee.email, template="nomination_invite", values=values,
            dedupe_key=f"nomination-invite:{nominee.id}:{nominee.invitations_sent}")


def nominee_from_token(token: str) -> Nominee | None:
    """The nominee a genuine, unexpired, unused invitation is for (None when used or no longer valid).

    Raises tokens.InvalidToken / ExpiredToken for links that are not ours or too old.
    """
    payload = read_token(INVITE_PURPOSE, token, current_app.config["INVITATION_MAX_AGE"])
    nominee = db.session.get(Nominee, payload.get("n")) if isinstance(payload, dict) else None
    if nominee is None or nominee.email != payload.get("e") or not nominee.is_handed_over:
        return None
    return nominee


def accept(nominee: Nominee, user: User) -> Candidacy:
    """Link a nominee to their (new or existing) candidate account and record their consent."""
    candidacy = user.candidacy or Candidacy(user=user)
    db.session.add(candidacy)
    candidacy.office, candidacy.council, candidacy.ward = nominee.office, nominee.council, nominee.ward or None
    candidacy.party = nominee.party or None
    candidacy.force_id = nominee.force_id
    if candidacy.election_id is None:
        election = db.session.scalar(select(Election).order_by(Election.polling_day.desc()))
        candidacy.election_id = election.id if election else None
    candidacy.set_consent(True, "nomination pack")
    if not user.mobile and nominee.mobile:
        user.mobile = nominee.mobile
    nominee.user_id = user.id
    nominee.accepted_at = utcnow()
    return candidacy
