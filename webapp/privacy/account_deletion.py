"""Deleting an account: it takes effect at once; the heavy deletion is done by the jobs process.

`request_deletion` runs inside the person's request: sign-in stops (inactive, and a new random
password hash ends every session), messages not yet sent to them are cancelled, their FEOA consent
and every incident share are withdrawn, and a candidate's team members are told — once each, under a
dedupe key. `erase` (the jobs process, `run`) deletes everything else: rows in every table that names
the person, and their evidence files after the commit. The audit log keeps its entries, with the
person replaced by a pseudonym. `HANDLED` lists every column that points at a user or a candidacy:
tests/privacy/test_account_deletion.py fails when a new one is not in it.
"""

import logging
import secrets

from sqlalchemy import delete, func, or_, select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import (
    Activity,
    ActivityAttendee,
    AuditEntry,
    CalendarFeed,
    Candidacy,
    ConsentEvent,
    DataExport,
    Digest,
    DoNotKnockNote,
    Evidence,
    FeoaContact,
    FeoaSettings,
    Incident,
    IncidentUpdate,
    Message,
    NominationImport,
    Nominee,
    PledgeSignature,
    PledgeVersion,
    RecoveryCode,
    Role,
    SafetySession,
    SafetySettings,
    Team,
    TeamInvitation,
    TeamMembership,
    TwoFactor,
    User,
)
from webapp.models.audit import record
from webapp.notify.outbox import cancel_unsent, enqueue
from webapp.passwords import hash_password
from webapp.privacy.pseudonyms import pseudonym
from webapp.privacy.removal import (
    Moment,
    delete_evidence_files,
    pseudonymise_audit_entries,
    remove_exports,
    remove_plans,
    remove_sessions,
)

log = logging.getLogger("campaignsafe.privacy")

# Roles that may delete their own account here (staff accounts are closed by an administrator).
SELF_SERVICE_ROLES = (Role.CANDIDATE, Role.TEAM_MEMBER)

# Every column that points at a user or a candidacy, and what erasing the person does to its rows.
HANDLED = {
    "activity.owner_id": "deleted, with companions, attendees, reminder notes and messages",
    "activity_attendee.user_id": "deleted",
    "audit_entry.actor_id": "pseudonymised",
    "audit_entry.subject_user_id": "pseudonymised",
    "calendar_feed.user_id": "deleted",
    "candidacy.user_id": "deleted",
    "consent_event.candidacy_id": "deleted",
    "data_export.user_id": "deleted, with its file",
    "digest.feoa_id": "deleted",
    "do_not_knock_note.added_by_id": "deleted with their team; in another team, credited to its owner",
    "evidence.uploaded_by_id": "deleted with their incidents; on someone else's incident, unnamed",
    "feoa_contact.candidacy_id": "deleted",
    "feoa_contact.feoa_id": "deleted",
    "feoa_settings.user_id": "deleted",
    "incident.owner_id": "deleted, with updates and evidence files",
    "incident.candidacy_id": "someone else's incident about them: unlinked and unshared",
    "incident.feoa_status_by_id": "unnamed",
    "incident_update.author_id": "unnamed",
    "message.user_id": "deleted",
    "nomination_import.office_user_id": "deleted",
    "nominee.user_id": "unlinked (the election office's own record)",
    "pledge_signature.user_id": "deleted",
    "pledge_version.published_by_id": "unnamed",
    "recovery_code.user_id": "deleted",
    "safety_session.user_id": "deleted, with events and positions",
    "safety_settings.user_id": "deleted",
    "team.owner_id": "deleted, with memberships, invitations and do-not-knock notes",
    "team_invitation.invited_by_id": "deleted",
    "team_invitation.accepted_by_id": "unnamed",
    "team_membership.user_id": "deleted",
    "two_factor.user_id": "deleted",
}


def can_delete_own_account(user: User) -> bool:
    return user.has_role(*SELF_SERVICE_ROLES)


def consequences_for(user: User) -> list[str]:
    """Exactly what deleting this account will do, in the person's own numbers."""
    count = lambda query: db.session.scalar(select(func.count()).select_from(query.subquery()))  # noqa: E731
    team = db.session.scalar(select(Team).where(Team.owner_id == user.id))
    members = [m for m in team.memberships if m.user_id != user.id] if team else []
    incidents = select(Incident.id).where(Incident.owner_id == user.id)
    shared = incidents.where(Incident.shared_with_feoa.is_(True))
    files = select(Evidence.id).where(Evidence.incident_id.in_(incidents))
    lines = ["You are signed out everywhere at once and cannot sign in again.",
             "Texts and emails not yet sent to you are cancelled."]
    if team is not None:
        lines.append(f"Your campaign team is closed: its {len(members)} other member(s) are told once, "
                     "and lose its plans and do-not-knock notes.")
    lines.append(f"Your {count(incidents)} incident(s) and {count(files)} evidence file(s) are deleted"
                 + (f"; the {count(shared)} you shared are withdrawn from the police adviser at once." if
                    count(shared) else "."))
    lines += ["Your plans, safety sessions, candidacy, consent history, pledge signature and messages are deleted "
              "within a few minutes.",
              "The audit log keeps its entries (for example, when the police adviser viewed your details), "
              "with your name replaced by a code.",
              "This cannot be undone. If you only want to stop sharing with the police adviser, change that on "
              "your profile instead."]
    return lines


def request_deletion(user: User, source: str = "self") -> None:
    """Everything that must happen at once (the caller commits, then signs the person out)."""
    now = utcnow()
    user.active = False
    user.deletion_requested_at = now
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # every session's stamp changes
    addresses = [address for address in (user.email, user.mobile) if address]
    cancel_unsent(or_(Message.user_id == user.id, Message.recipient.in_(addresses)))
    candidacy = db.session.scalar(select(Candidacy).where(Candidacy.user_id == user.id))
    shares = Incident.owner_id == user.id
    if candidacy is not None:
        shares = or_(shares, Incident.candidacy_id == candidacy.id)
        if candidacy.feoa_consent:
            candidacy.set_consent(False, "account deleted")
    db.session.execute(update(Incident).where(shares, Incident.shared_with_feoa.is_(True))
                       .values(shared_with_feoa=False, share_withdrawn_at=now)
                       .execution_options(synchronize_session=False))
    _tell_team_it_is_closed(user)
    record("account.deletion_requested", actor=user if source == "self" else None, subject=user, detail=source)


def _tell_team_it_is_closed(owner: User) -> None:
    team = db.session.scalar(select(Team).where(Team.owner_id == owner.id))
    if team is None:
        return
    values = {"candidate": owner.display_name}
    for membership in team.memberships:
        member = membership.user
        if member.id == owner.id or not member.active:
            continue
        by_text = member.mobile and member.contact_preference in ("sms", "both")
        channel, recipient = ("sms", member.mobile) if by_text else ("email", member.email)
        enqueue(channel=channel, recipient=recipient, template="team_closed", values=values,
                dedupe_key=f"team-closed:{team.id}:{member.id}", user_id=member.id, kind="team-closed")
    # Closed at once: the members lose sight of its plans now, not when the jobs process erases it.
    db.session.execute(delete(TeamMembership).where(TeamMembership.team_id == team.id,
                                                    TeamMembership.user_id != owner.id))


def run(limit: int = 20) -> int:
    """The jobs process: erase accounts whose deletion was asked for (several processes may run)."""
    done = 0
    while True:
        query = (select(User.id).where(User.deletion_requested_at.is_not(None)).order_by(User.id).limit(1))
        if db.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        user_id = db.session.scalar(query)
        if user_id is None or done >= limit:
            db.session.rollback()
            return done
        files = erase(user_id)
        db.session.commit()
        delete_evidence_files(files)
        done += 1
        log.info("erased one account (%d this run)", done)


def erase(user_id: int) -> list[str]:
    """Delete the person's rows everywhere (the caller commits); returns evidence files to unlink."""
    moment = Moment(now=utcnow(), today=utcnow().date(), config={})
    candidacy_ids = list(db.session.scalars(select(Candidacy.id).where(Candidacy.user_id == user_id)))
    team_ids = list(db.session.scalars(select(Team.id).where(Team.owner_id == user_id)))
    execute = db.session.execute

    own_incidents = select(Incident.id).where(Incident.owner_id == user_id)
    files = list(db.session.scalars(select(Evidence.stored_name).where(Evidence.incident_id.in_(own_incidents))))
    execute(delete(Evidence).where(Evidence.incident_id.in_(own_incidents)))
    execute(delete(IncidentUpdate).where(IncidentUpdate.incident_id.in_(own_incidents)))
    execute(delete(Incident).where(Incident.owner_id == user_id))
    execute(update(Incident).where(Incident.candidacy_id.in_(candidacy_ids))
            .values(candidacy_id=None, shared_with_feoa=False))
    execute(update(Incident).where(Incident.feoa_status_by_id == user_id).values(feoa_status_by_id=None))
    execute(update(IncidentUpdate).where(IncidentUpdate.author_id == user_id).values(author_id=None))
    execute(update(Evidence).where(Evidence.uploaded_by_id == user_id).values(uploaded_by_id=None))

    activity_ids = list(db.session.scalars(select(Activity.id).where(Activity.owner_id == user_id)))
    if activity_ids:
        remove_plans(activity_ids, moment)
    execute(delete(ActivityAttendee).where(ActivityAttendee.user_id == user_id))
    session_ids = list(db.session.scalars(select(SafetySession.id).where(SafetySession.user_id == user_id)))
    if session_ids:
        remove_sessions(session_ids, moment)

    for model in (DoNotKnockNote, TeamInvitation, TeamMembership):
        execute(delete(model).where(model.team_id.in_(team_ids)))
    execute(delete(Team).where(Team.id.in_(team_ids)))
    execute(delete(TeamMembership).where(TeamMembership.user_id == user_id))
    execute(delete(TeamInvitation).where(TeamInvitation.invited_by_id == user_id))
    execute(update(TeamInvitation).where(TeamInvitation.accepted_by_id == user_id).values(accepted_by_id=None))
    team_owner = select(Team.owner_id).where(Team.id == DoNotKnockNote.team_id).scalar_subquery()
    execute(update(DoNotKnockNote).where(DoNotKnockNote.added_by_id == user_id).values(added_by_id=team_owner))

    execute(delete(FeoaContact).where(or_(FeoaContact.candidacy_id.in_(candidacy_ids), FeoaContact.feoa_id == user_id)))
    execute(delete(ConsentEvent).where(ConsentEvent.candidacy_id.in_(candidacy_ids)))
    execute(delete(Candidacy).where(Candidacy.id.in_(candidacy_ids)))
    for model in (CalendarFeed, TwoFactor, RecoveryCode, SafetySettings, FeoaSettings, PledgeSignature):
        execute(delete(model).where(model.user_id == user_id))
    execute(delete(Digest).where(Digest.feoa_id == user_id))
    remove_exports(list(db.session.scalars(select(DataExport.id).where(DataExport.user_id == user_id))))
    execute(delete(Message).where(Message.user_id == user_id))
    execute(update(Nominee).where(Nominee.user_id == user_id).values(user_id=None))
    office_imports = select(NominationImport.id).where(NominationImport.office_user_id == user_id)
    execute(update(Nominee).where(Nominee.last_import_id.in_(office_imports)).values(last_import_id=None))
    execute(delete(NominationImport).where(NominationImport.office_user_id == user_id))
    execute(update(PledgeVersion).where(PledgeVersion.published_by_id == user_id).values(published_by_id=None))

    pseudonymise_audit_entries(select(AuditEntry).where(
        or_(AuditEntry.actor_id == user_id, AuditEntry.subject_user_id == user_id)), only_user_id=user_id)
    db.session.add(AuditEntry(action="account.deleted", subject_ref=pseudonym(user_id)))
    execute(delete(User).where(User.id == user_id))
    return files
