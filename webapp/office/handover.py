"""Confirming an import (all or nothing), handing consenting nominees to their force, and invitations.

A consenting nominee is on their force's FEOA dashboard the moment the office confirms: each one
gets a candidacy at once, on a "not on the app yet" account nobody can sign in to (no password
anyone knows) until the nominee accepts the emailed invitation and chooses one. Accepting continues
that same account and candidacy, so the FEOA's list, contacts and briefings stay on one record.
A nominee whose email already has a candidate account is matched to it (it becomes nominated).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from webapp.access import mark_checked
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.incidents import sharing
from webapp.models import (
    SELF_REGISTERED,
    Candidacy,
    Council,
    Election,
    FeoaContact,
    NominationImport,
    Nominee,
    Role,
    User,
    audit,
)
from webapp.notify.outbox import enqueue
from webapp.tokens import make_token, read_token
from webapp.upsert import insert_ignore_rows

FIELDS = ("name", "mobile", "office", "ward", "party", "consent")
INVITE_PURPOSE = "nomination-invite"
# Where a change of consent came from, as recorded in ConsentEvent.source and shown to the other side.
SOURCE_IMPORT = "election office import"
SOURCE_INVITATION = "nomination pack"
SOURCE_APP = "profile"
SOURCE_LABELS = {SOURCE_IMPORT: "by the election office, in an import", SOURCE_INVITATION: "in the nomination pack",
                 SOURCE_APP: "by the candidate, in the app"}


def import_forces(council: Council | None) -> list:
    """The forces an import for this council can hand over to (one, or two for a council spanning two)."""
    return list(council.forces) if council is not None else []


def apply_import(staged: NominationImport, office_user: User, ward_forces: dict[str, int] | None = None) -> None:
    """Write a staged import's rows (the caller commits once, so it is all or nothing).

    `ward_forces` maps a ward to the force it lies in, for a council spanning two forces.
    """
    existing = {n.email: n for n in db.session.scalars(
        select(Nominee).where(Nominee.council_id == staged.council_id)
        .options(selectinload(Nominee.user).selectinload(User.candidacy)))}
    now = utcnow()
    blocked = not_handed_over_reasons(staged.rows, staged.council_id)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "handed_over": 0}
    outcomes, to_sync = [], []
    for row in staged.rows:
        nominee = existing.get(row["email"])
        consent_changed = nominee is None or nominee.consent != row["consent"]
        if nominee is None:
            nominee = Nominee(council=staged.council, council_id=staged.council_id, email=row["email"],
                              **{f: row[f] for f in FIELDS})
            db.session.add(nominee)
            existing[row["email"]] = nominee
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
        force_id = None if row["email"] in blocked else (ward_forces or {}).get(row["ward"], staged.force_id)
        moved = _hand_over_or_back(nominee, force_id, now)
        if moved:
            nominee.last_import_id = staged.id
        if outcome != "unchanged" or moved or (nominee.user_id is None and nominee.is_handed_over):
            to_sync.append((nominee, consent_changed or moved))
        outcomes.append((row, nominee, outcome))
    blocked.update(_sync_candidacies(to_sync))
    db.session.flush()  # one flush for every row: the new nominees get their ids for links
    results = []
    with db.session.no_autoflush:  # each invitation's outbox insert need not flush the whole import again
        for row, nominee, outcome in outcomes:
            if nominee.is_handed_over:
                counts["handed_over"] += 1
                if nominee.invitations_sent == 0 and not joined(nominee):
                    send_invitation(nominee)
            results.append({"line": row["line"], "nominee_id": nominee.id, "name": nominee.name,
                            "email": nominee.email, "outcome": outcome, "handed_over": nominee.is_handed_over,
                            "not_handed_over": blocked.get(row["email"]) if row["consent"] else None})
    staged.rows = results
    staged.total = len(results)
    staged.created, staged.updated, staged.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    staged.handed_over = counts["handed_over"]
    staged.status = "confirmed"
    staged.confirmed_at = now
    audit.record("nominations.import", actor=office_user,
                 detail=f"import {staged.id}: {staged.total} rows, {staged.handed_over} handed over")


def _hand_over_or_back(nominee: Nominee, force_id: int | None, now) -> bool:
    """Consenting nominees are handed to their force; a withdrawn consent takes them back. True on a change."""
    if nominee.consent and force_id is not None:
        if nominee.handed_over_at is None or nominee.force_id != force_id:
            nominee.handed_over_at = now
            nominee.force_id = force_id
            return True
    elif nominee.handed_over_at is not None:
        nominee.handed_over_at = None
        nominee.force_id = None
        return True
    return False


def joined(nominee: Nominee) -> bool:
    """Whether the nominee has an account they can sign in to."""
    return nominee.user is not None and nominee.user.on_app


def _sync_candidacies(to_sync: list[tuple[Nominee, bool]]) -> dict[str, str]:
    """Keep each nominee's candidacy (the record the FEOA sees) in step with what the office supplied.

    A nominee handed over for the first time is matched to the candidate account with their email, or
    given a "not on the app yet" one. A consent the office changed (or gave for the first time) is
    applied; an unchanged row leaves a consent the candidate changed in the app alone. A few queries
    for the whole import, not a few per row (autoflush is off while the objects are built).

    Returns, by email, why a consenting nominee could not be handed over after all (an account another
    import took in the meantime): such a nominee is taken back, never half handed over.
    """
    late_reasons: dict[str, str] = {}
    with db.session.no_autoflush:
        election = db.session.scalar(select(Election).order_by(Election.polling_day.desc()))
        accounts, linked = _accounts_for(
            [n.email for n, _ in to_sync if n.user is None and n.is_handed_over],
            create_for={n.email: n for n, _ in to_sync})
        for nominee, consent_changed in to_sync:
            user = nominee.user
            if user is None:
                if not nominee.is_handed_over:
                    continue  # never handed over: the FEOA has no business with them
                user = accounts[nominee.email]
                reason = _account_reason(user, linked)
                if reason:  # a staff account, or another council's nominee: not theirs to take over
                    nominee.handed_over_at, nominee.force_id = None, None
                    late_reasons[nominee.email] = reason
                    continue
                nominee.user = user
                consent_changed = True
            candidacy = user.candidacy or Candidacy(user=user)
            db.session.add(candidacy)
            _copy_details(nominee, candidacy, election)
            if not user.on_app:
                user.name, user.mobile = nominee.name, nominee.mobile
            if consent_changed:  # withdrawn by the office: every incident share ends too
                sharing.set_consent(candidacy, nominee.is_handed_over, SOURCE_IMPORT, by=None)
    return late_reasons


# Why a consenting nominee is not handed over, as the office reads it on the check page and the results.
NOT_COVERED = "Not covered by Operation Ford (a parish or town council): not handed over."
STAFF_EMAIL = ("This email belongs to a police adviser, election office or admin account: not handed over. "
               "Check the candidate's own email address.")
OTHER_COUNCIL = ("This email is already a candidate handed over by another council: not handed over again. "
                 "The adviser sees them once, from that council.")


def _account_reason(user: User | None, linked: set[int]) -> str | None:
    if user is None:
        return None
    if not user.has_role(Role.CANDIDATE):
        return STAFF_EMAIL
    if user.id in linked:
        return OTHER_COUNCIL
    return None


def not_handed_over_reasons(rows: list[dict], council_id: int | None) -> dict[str, str]:
    """By email, why each consenting row would not be handed over: not covered by Operation Ford, a
    staff account's email, or another council's nominee. One home for the check page and confirming."""
    consenting = [row for row in rows if row["consent"]]
    reasons = {row["email"]: NOT_COVERED for row in consenting if row.get("parish")}
    own = dict(db.session.execute(select(Nominee.email, Nominee.user_id).where(
        Nominee.council_id == council_id, Nominee.user_id.is_not(None))).all())
    emails = [row["email"] for row in consenting if row["email"] not in reasons and row["email"] not in own]
    accounts, linked = _accounts_for(emails)
    for email, user in accounts.items():
        reason = _account_reason(user, linked)
        if reason:
            reasons[email] = reason
    return reasons


def _accounts_for(emails: list[str], create_for: dict[str, Nominee] | None = None) -> tuple[dict[str, User], set[int]]:
    """The accounts with these emails (with their candidacies), and which of them a nominee already has.

    With `create_for` (the nominees by email), an email without an account gets a "not on the app yet" one first, inserted
    under the unique email (ON CONFLICT DO NOTHING), so two offices confirming the same email at once
    both end up reading the one account, and the later one sees it is the other's nominee.
    """
    emails = list(dict.fromkeys(emails))
    accounts = _read_accounts(emails)
    if create_for is not None and len(accounts) < len(emails):
        missing = [email for email in emails if email not in accounts]
        for start in range(0, len(missing), 500):
            insert_ignore_rows(User, [_placeholder_row(email, create_for.get(email))
                                      for email in missing[start:start + 500]], key=["email"])
        accounts.update(_read_accounts(missing))
    ids = [user.id for user in accounts.values()]
    linked = set(db.session.scalars(select(Nominee.user_id).where(Nominee.user_id.in_(ids)))) if ids else set()
    return accounts, linked


def _read_accounts(emails: list[str]) -> dict[str, User]:
    accounts: dict[str, User] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start:start + 500]
        accounts.update((u.email, u) for u in db.session.scalars(
            select(User).where(User.email.in_(chunk)).options(selectinload(User.candidacy))))
    return accounts


def _placeholder_row(email: str, nominee: Nominee | None) -> dict:
    """A "not on the app yet" candidate account nobody can sign in to until they accept the invitation."""
    now = utcnow()
    return {"email": email, "name": nominee.name if nominee else "", "mobile": nominee.mobile if nominee else None,
            "role": Role.CANDIDATE.value, "on_app": False, "password_hash": unusable_password(),
            "created_at": now, "password_changed_at": now}


def unusable_password() -> str:
    """Not an Argon2 hash, so no password verifies against it (webapp/passwords.py)."""
    return "!not-on-the-app:" + secrets.token_urlsafe(24)


def _copy_details(nominee: Nominee, candidacy: Candidacy, election: Election | None = None) -> None:
    candidacy.office, candidacy.council, candidacy.ward = nominee.office, nominee.council, nominee.ward or None
    candidacy.party = nominee.party or None
    if nominee.force_id is not None:
        candidacy.force_id = nominee.force_id
    if candidacy.election_id is None:
        election = election or db.session.scalar(select(Election).order_by(Election.polling_day.desc()))
        candidacy.election_id = election.id if election else None
    candidacy.mark_nominated()


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
    mark_checked("token")
    return nominee


def accept(nominee: Nominee, user: User) -> Candidacy:
    """Link a nominee to their candidate account (the one made at hand-over, or one they already had)."""
    candidacy = user.candidacy or Candidacy(user=user)
    db.session.add(candidacy)
    _copy_details(nominee, candidacy)
    candidacy.set_consent(True, SOURCE_INVITATION)
    if not user.mobile and nominee.mobile:
        user.mobile = nominee.mobile
    user.on_app = True
    nominee.user_id = user.id
    nominee.accepted_at = utcnow()
    return candidacy


def possible_matches(nominee: Nominee) -> list[Candidacy]:
    """Self-registered candidacies with the nominee's name and ward, for the office to confirm (or not)
    as the same person. Only while the nominee has not joined under the email the office holds."""
    if joined(nominee) or not nominee.ward:
        return []
    linked = select(Nominee.user_id).where(Nominee.user_id.is_not(None))
    return list(db.session.scalars(
        select(Candidacy).join(User, User.id == Candidacy.user_id)
        .where(Candidacy.verification == SELF_REGISTERED, User.role == Role.CANDIDATE.value, User.active.is_(True),
               User.on_app.is_(True), User.id.not_in(linked),
               func.lower(User.name) == nominee.name.lower(),
               func.lower(func.coalesce(Candidacy.ward, "")) == nominee.ward.lower())
        .order_by(Candidacy.id)))


def confirm_match(nominee: Nominee, candidacy: Candidacy, office_user: User) -> None:
    """The office says this self-registered candidate is the nominee: their account becomes nominated
    and continues the hand-over; the placeholder made at hand-over is retired, its FEOA contacts moved."""
    placeholder = nominee.user if nominee.user is not None and not nominee.user.on_app else None
    if placeholder is not None and placeholder.candidacy is not None:
        db.session.execute(update(FeoaContact).where(FeoaContact.candidacy_id == placeholder.candidacy.id)
                           .values(candidacy_id=candidacy.id))
        sharing.set_consent(placeholder.candidacy, False, SOURCE_IMPORT, by=None)
        placeholder.active = False
    nominee.user_id = None
    db.session.flush()  # the nominee's unique user link is free before it is taken
    nominee.user = candidacy.user
    nominee.user_id = candidacy.user_id
    nominee.accepted_at = utcnow()
    _copy_details(nominee, candidacy)
    sharing.set_consent(candidacy, nominee.is_handed_over, SOURCE_IMPORT, by=office_user)
    audit.record("nominations.match_confirmed", actor=office_user, subject=candidacy.user,
                 detail=f"nominee {nominee.id}: confirmed by name and ward")


@dataclass
class SharingStatus:
    """What the office sees of a nominee's sharing with the FEOA: which, since when and who changed it."""

    label: str
    at: datetime | None
    source: str


def sharing_status(nominee: Nominee) -> SharingStatus:
    candidacy = nominee.user.candidacy if nominee.user is not None else None
    if candidacy is None:
        if nominee.is_handed_over:
            return SharingStatus("Handed over", nominee.handed_over_at, SOURCE_LABELS[SOURCE_IMPORT])
        if nominee.consent:
            return SharingStatus("Not handed over", None, _reason_in_last_import(nominee) or "not yet")
        return SharingStatus("Not handed over", None, "no consent in the nomination pack")
    event = candidacy.last_consent_event()
    source = SOURCE_LABELS.get(event.source, event.source) if event else ""
    at = event.at if event else candidacy.feoa_consent_changed_at
    if candidacy.feoa_consent:
        return SharingStatus("Handed over", at, source)
    return SharingStatus("Withdrawn", at, source)


def _reason_in_last_import(nominee: Nominee) -> str | None:
    rows = nominee.last_import.rows if nominee.last_import is not None else []
    return next((row.get("not_handed_over") for row in rows or [] if row.get("nominee_id") == nominee.id), None)
