"""Every model, imported here so the metadata (and Alembic) sees them all."""

from webapp.models.activities import ACTIVITY_KINDS, Activity, Companion
from webapp.models.audit import AuditEntry
from webapp.models.candidacy import OFFICES, Candidacy, ConsentEvent
from webapp.models.feoa import Digest, FeoaContact, FeoaSettings
from webapp.models.incidents import (
    INCIDENT_CATEGORIES,
    Evidence,
    FeoaStatus,
    Incident,
    IncidentUpdate,
)
from webapp.models.office import NominationImport, Nominee
from webapp.models.outbox import (
    FINAL_STATUSES,
    Message,
    MessageStatus,
    PendingReceipt,
    ReminderNote,
    SmsOptOut,
)
from webapp.models.pledge import PledgeSignature, PledgeVersion
from webapp.models.privacy import DataExport
from webapp.models.reference import Election, Force
from webapp.models.sessions import LocationPoint, SafetySession, SafetySettings, SessionEvent  # noqa: F401
from webapp.models.teams import (
    ActivityAttendee,
    CalendarFeed,
    DoNotKnockNote,
    Team,
    TeamInvitation,
    TeamMembership,
)
from webapp.models.twofactor import RecoveryCode, TwoFactor
from webapp.models.users import CONTACT_PREFERENCES, Role, User

__all__ = [
    "INCIDENT_CATEGORIES",
    "Evidence",
    "FeoaStatus",
    "Incident",
    "IncidentUpdate",
    "NominationImport",
    "Nominee",
    "ActivityAttendee",
    "CalendarFeed",
    "DoNotKnockNote",
    "PledgeSignature",
    "PledgeVersion",
    "Team",
    "TeamInvitation",
    "TeamMembership",
    "ACTIVITY_KINDS",
    "CONTACT_PREFERENCES",
    "OFFICES",
    "Activity",
    "AuditEntry",
    "Candidacy",
    "Companion",
    "ConsentEvent",
    "DataExport",
    "Digest",
    "Election",
    "FeoaContact",
    "FeoaSettings",
    "Force",
    "FINAL_STATUSES",
    "Message",
    "MessageStatus",
    "PendingReceipt",
    "RecoveryCode",
    "ReminderNote",
    "Role",
    "SmsOptOut",
    "TwoFactor",
    "User",
]
