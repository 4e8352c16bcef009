"""The retention schedule: every kind of personal data, why it is kept, who sees it and when it ends.

ONE table, read by three things that must agree: the purge (webapp/privacy/purge.py), the privacy
notice (/privacy) and the README's "Your data" table (a test compares them). Each row names the
database tables it covers; tests/privacy/test_schedule.py fails when a table holding a user or a
candidacy is in no row, so a new kind of personal data cannot arrive without an end date.

End dates are anchored on the election's polling day where the data serves a campaign. The number
of days in each row comes from its setting (webapp/config.py), so the notice always says what the
purge does.
"""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class RetentionRule:
    key: str
    kind: str  # the kind of data, in the words a candidate would use
    why: str  # the purpose, and the lawful basis the privacy notice gives for it
    who_sees: str
    ends: str  # when it is deleted or anonymised; "{days}" is the setting's value
    setting: str | None  # the setting that changes it (None: it lasts as long as the account)
    tables: tuple[str, ...]

    def ends_text(self, config=None) -> str:
        config = config if config is not None else current_app.config
        return self.ends.format(days=config[self.setting]) if self.setting else self.ends


SCHEDULE: tuple[RetentionRule, ...] = (
    RetentionRule(
        key="account",
        kind="Your account: name, email, mobile, emergency contact, reminder choices, sign-in and "
             "two-step settings, duress PIN (hashed), calendar address, team memberships",
        why="To run the service you asked for (contract).",
        who_sees="You; your team sees your name and mobile; administrators when they help you.",
        ends="When you delete your account. An account not used for {days} days after its last "
             "election is deleted, after a warning email 30 days before.",
        setting="RETENTION_UNUSED_ACCOUNT_DAYS",
        tables=("user", "safety_settings", "calendar_feed", "two_factor", "recovery_code",
                "feoa_settings", "team", "team_membership"),
    ),
    RetentionRule(
        key="candidacy",
        kind="Your candidacy: office, council, ward and party, and your consent to share your "
             "contact details with the police adviser (with its history)",
        why="To put you in touch with your force's adviser when you agree. Party is political "
            "opinion, special-category data: kept because you made it public by standing "
            "(UK GDPR Art. 9(2)(e)) and for your safety (Art. 9(2)(g), DPA 2018 Sch. 1 para 22).",
        who_sees="You; your force's adviser (FEOA) only while you consent; your election office.",
        ends="With your account.",
        setting=None,
        tables=("candidacy", "consent_event"),
    ),
    RetentionRule(
        key="plans",
        kind="Activity plans, who is going (companions and team members) and do-not-knock notes",
        why="To plan safe canvassing and send reminders (contract; legitimate interests for "
            "companions named by you).",
        who_sees="You and your team; the adviser sees higher-risk activity only while you consent.",
        ends="{days} days after polling day (or after the plan, for plans outside a campaign).",
        setting="RETENTION_PLAN_DAYS",
        tables=("activity", "companion", "activity_attendee", "reminder_note", "do_not_knock_note"),
    ),
    RetentionRule(
        key="messages",
        kind="Texts and emails we sent (reminders, alerts, invitations) and their delivery status",
        why="To deliver them once and show whether they arrived (contract).",
        who_sees="The person who caused them; administrators for delivery problems.",
        ends="{days} days after polling day, or {days} days after sending for messages not about "
             "a campaign.",
        setting="RETENTION_MESSAGE_DAYS",
        tables=("message",),
    ),
    RetentionRule(
        key="sessions",
        kind="Safety sessions: check-ins, alerts and who responded",
        why="To raise the alarm if you miss a check-in (vital interests and contract).",
        who_sees="You; the contacts alerted see the alert; duress events are hidden from your screen.",
        ends="{days} days after the session ends.",
        setting="RETENTION_SESSION_DAYS",
        tables=("safety_session", "session_event"),
    ),
    RetentionRule(
        key="locations",
        kind="Phone positions sent during a session (only when you turn sharing on)",
        why="To tell your contacts where you were if you need help (consent; vital interests).",
        who_sees="You and the contacts alerted.",
        ends="{days} days after the session ends.",
        setting="SESSION_LOCATION_RETENTION_DAYS",
        tables=("location_point",),
    ),
    RetentionRule(
        key="incidents",
        kind="Incidents you log, their timeline and evidence files",
        why="Your record, which you may need for a prosecution. It can describe crimes "
            "(criminal-offence data, UK GDPR Art. 10; DPA 2018 Sch. 1 paras 10 and 22).",
        who_sees="You and your team; the adviser only the incidents you choose to share.",
        ends="While you keep your account; deleted with it. Copies shared with the adviser are "
             "withdrawn when the adviser's access ends.",
        setting=None,
        tables=("incident", "incident_update", "evidence"),
    ),
    RetentionRule(
        key="feoa_access",
        kind="What the police adviser (FEOA) sees of you, and their records of contacting and "
             "briefing you",
        why="To keep you safe during the campaign (your consent; Art. 9(2)(g) for party).",
        who_sees="Your force's adviser, only while you consent.",
        ends="Access ends {days} days after polling day: your consent is marked as ended (you can "
             "give it again for a later election), shared incidents are withdrawn and the adviser's "
             "contact and briefing records are deleted.",
        setting="FEOA_ACCESS_DAYS",
        tables=("feoa_contact",),
    ),
    RetentionRule(
        key="digests",
        kind="The adviser's daily digests (counts and candidates' names)",
        why="To show the adviser what they were sent (public task).",
        who_sees="The adviser they were built for.",
        ends="{days} days after they are built.",
        setting="RETENTION_DIGEST_DAYS",
        tables=("digest",),
    ),
    RetentionRule(
        key="nominations",
        kind="The election office's nomination imports and nominees",
        why="To hand consenting candidates to the adviser (public task of the returning officer).",
        who_sees="The election office that imported them; the adviser for consenting nominees.",
        ends="{days} days after polling day.",
        setting="RETENTION_NOMINATIONS_DAYS",
        tables=("nomination_import", "nominee"),
    ),
    RetentionRule(
        key="invitations",
        kind="Team invitations (the name, email or mobile of the person invited)",
        why="To let the person join the team (legitimate interests).",
        who_sees="The team's organisers.",
        ends="{days} days after they are accepted, cancelled or expire.",
        setting="RETENTION_INVITATION_DAYS",
        tables=("team_invitation",),
    ),
    RetentionRule(
        key="pledge",
        kind="Your Civility Pledge signature (name, text version, time) and the published texts",
        why="Your own attestation, shown publicly only if you choose (consent).",
        who_sees="You; everyone, if you made it public.",
        ends="With your account (a withdrawn signature stays in your history until then).",
        setting=None,
        tables=("pledge_signature", "pledge_version"),
    ),
    RetentionRule(
        key="exports",
        kind="Copies of your data you asked for",
        why="To give you your data (your right of access, UK GDPR Art. 15).",
        who_sees="You, through an emailed link that works once, after you sign in.",
        ends="Deleted when you download it, or 24 hours after it is ready.",
        setting=None,
        tables=("data_export",),
    ),
    RetentionRule(
        key="audit",
        kind="The audit log: who at the police or the council read or changed your details, and when",
        why="Accountability for access to sensitive data (legal obligation, UK GDPR Art. 5(2)).",
        who_sees="Administrators; you, in your data download.",
        ends="{days} days, then the person who acted and the person it concerns are pseudonymised.",
        setting="RETENTION_AUDIT_DAYS",
        tables=("audit_entry",),
    ),
)

def rule(key: str) -> RetentionRule:
    return next(r for r in SCHEDULE if r.key == key)


def covered_tables() -> set[str]:
    return {table for r in SCHEDULE for table in r.tables}


def markdown_table(config) -> str:
    """The schedule as the README's table (tests/privacy/test_schedule.py keeps the README in step)."""
    lines = ["| kind of data | why it is kept | who can see it | when it is deleted or anonymised | setting |",
             "|---|---|---|---|---|"]
    for r in SCHEDULE:
        setting = f"`{r.setting}`" if r.setting else "—"
        lines.append(f"| {r.kind} | {r.why} | {r.who_sees} | {r.ends_text(config)} | {setting} |")
    return "\n".join(lines)
