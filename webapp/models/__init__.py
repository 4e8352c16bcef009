"""Every model, imported here so the metadata (and Alembic) sees them all."""

from webapp.models.activities import ACTIVITY_KINDS, Activity, Companion
from webapp.models.audit import AuditEntry
from webapp.models.candidacy import NOMINATED, OFFICES, SELF_REGISTERED, Candidacy, ConsentEvent
from webapp.models.feoa import Digest, FeoaContact, FeoaSettings
from webapp.models.incidents import (
    INCIDENT_CATEGORIES,
    Evidence,
    FeoaStatus,
    Incident,
    IncidentUpdate,
)
from webapp.models.monitoring import JobRun
from webapp.models.office import NominationImport, Nominee
from webapp.models.outbox import (
    FINAL_STATUSES,
    Message,
    MessageStatus,
    PendingReceipt,
    ProcessedWebhook,
    ReminderNote,
    SmsOptOut,
)
from webapp.models.pledge import PledgeSignature, PledgeVersion
from webapp.models.privacy import DataExport
from webapp.models.reference import Council, Election, Force
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
    "JobRun",
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
    "Council",
    "NOMINATED",
    "SELF_REGISTERED",
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
    "ProcessedWebhook",
    "RecoveryCode",
    "ReminderNote",
    "Role",
    "SmsOptOut",
    "TwoFactor",
    "User",
]
