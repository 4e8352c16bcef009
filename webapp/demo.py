"""Demo accounts for `make run`: one per role, all with the same printed password."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import (
    NOMINATED,
    Activity,
    Candidacy,
    Companion,
    Council,
    Election,
    Force,
    NominationImport,
    Role,
    User,
)
from webapp.office import handover
from webapp.passwords import hash_password
from webapp.reminders.planner import plan_activity_reminders
from webapp.teams.demo import seed_team_demo
from webapp.timeutil import london_to_utc, to_london

DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - printed for local demo use only
DEMO_FORCE = "avon-and-somerset"
DEMO_COUNCIL = "Bristol City Council"

DEMO_ACCOUNTS = [
    ("candidate@demo.campaignsafe.test", "Alex Candidate", Role.CANDIDATE, "+447911123456"),
    ("member@demo.campaignsafe.test", "Sam Volunteer", Role.TEAM_MEMBER, "+447911123457"),
    ("feoa@demo.campaignsafe.test", "PC Jordan Adviser", Role.FEOA, "+447911123458"),
    ("office@demo.campaignsafe.test", "Robin Electoral Services", Role.ELECTION_OFFICE, None),
    ("admin@demo.campaignsafe.test", "Ada Admin", Role.ADMIN, None),
]


def seed_demo_data() -> list[str]:
    """Create the demo accounts that are missing; return lines to print."""
    force = db.session.scalar(select(Force).where(Force.code == DEMO_FORCE))
    election = db.session.scalar(select(Election).order_by(Election.polling_day.desc()))
    password_hash = hash_password(DEMO_PASSWORD)
    users = {}
    for email, name, role, mobile in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=role.value, mobile=mobile, password_hash=password_hash)
            if role is Role.FEOA:
                user.force = force
            if role is Role.ELECTION_OFFICE:
                user.council = db.session.scalar(select(Council).where(Council.name == DEMO_COUNCIL))
                user.force = force  # the force its consenting candidates are handed over to
            db.session.add(user)
        users[role] = user
    candidate = users[Role.CANDIDATE]
    if candidate.candidacy is None:
        candidacy = Candidacy(user=candidate, office="councillor", council=DEMO_COUNCIL, ward="Clifton",
                              party="Independent", force=force, election=election, verification=NOMINATED)
        db.session.add(candidacy)
        candidate.emergency_contact_name = "Jamie Candidate"
        candidate.emergency_contact_mobile = "+447911123459"
        candidacy.set_consent(True, "demo data")
    db.session.flush()
    volunteer_goes_to = _seed_demo_activities(candidate)
    _seed_demo_handover(users[Role.ELECTION_OFFICE])
    db.session.commit()
    seed_team_demo(candidate, users[Role.TEAM_MEMBER], volunteer_goes_to)
    db.session.commit()
    lines = ["", f"Demo sign-ins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {role.label:<24} {email}" for email, _, role, _ in DEMO_ACCOUNTS]
    return lines


# (days from today, start, end, kind, meeting point, area, postcode, companions from outside the team,
#  whether the demo volunteer, who is in the team, said he'll come)
DEMO_ACTIVITIES = [
    (2, time(10, 0), time(12, 30), "canvassing", "Clifton Library, Princess Victoria Street", "Clifton Village",
     "BS8 4BX", [], True),
    (4, time(19, 0), time(22, 0), "public_meeting", "St Paul's Learning Centre", "St Pauls", "BS2 8XJ", [], False),
    (-3, time(11, 0), time(13, 0), "stall", "Broadmead, outside the Galleries", "Broadmead", None,
     [("Priya Agent", None)], True),
]


def _seed_demo_activities(candidate: User) -> list[Activity]:
    """A few plans around today for the demo candidate, made once (skipped if they have any).
    Returns those the demo volunteer goes to (he is in the team, so he is an attendee, not a companion)."""
    if db.session.scalar(select(Activity.id).where(Activity.owner_id == candidate.id).limit(1)):
        return []
    today = to_london(utcnow()).date()
    volunteer_goes_to = []
    for offset, start, end, kind, meeting_point, area, postcode, companions, volunteer in DEMO_ACTIVITIES:
        day = today + timedelta(days=offset)
        activity = Activity(
            owner_id=candidate.id, kind=kind, meeting_point=meeting_point, area=area, postcode=postcode,
            starts_at=london_to_utc(datetime.combine(day, start)), ends_at=london_to_utc(datetime.combine(day, end)),
            notes="Demo plan: change or cancel it freely.",
            companions=[Companion(name=name, mobile=mobile) for name, mobile in companions],
        )
        db.session.add(activity)
        if offset >= 0:  # upcoming plans get their reminders, as if planned on the page
            plan_activity_reminders(activity)
        if volunteer:
            volunteer_goes_to.append(activity)
    return volunteer_goes_to


# The demo office's first import: consenting nominees the demo FEOA sees at once, none on the app yet.
DEMO_NOMINEES = [
    ("Priya Shah", "priya.shah@demo.campaignsafe.test", "+447911123401", "Clifton Down", "Green Party", True),
    ("Tom Baker", "tom.baker@demo.campaignsafe.test", "+447911123402", "Cotham", "Labour Party", True),
    ("Mei Lin", "mei.lin@demo.campaignsafe.test", None, "Redland", "Liberal Democrats", True),
    ("Owen Price", "owen.price@demo.campaignsafe.test", "+447911123404", "Bishopston", "Conservative Party", False),
]


def _seed_demo_handover(office: User) -> None:
    """Once: a confirmed import by the demo office, as if uploaded and confirmed on its page."""
    if office.council is None or db.session.scalar(
            select(NominationImport.id).where(NominationImport.council_id == office.council_id).limit(1)):
        return
    rows = [{"line": line, "name": name, "email": email, "mobile": mobile, "office": "councillor", "ward": ward,
             "party": party, "consent": consent}
            for line, (name, email, mobile, ward, party, consent) in enumerate(DEMO_NOMINEES, start=2)]
    forces = handover.import_forces(office.council)
    staged = NominationImport(office_user=office, council=office.council.name, council_id=office.council_id,
                              force_id=forces[0].id if forces else None, filename="demo-nominations.csv",
                              sha256="demo", rows=rows, total=len(rows))
    db.session.add(staged)
    db.session.flush()
    handover.apply_import(staged, office)
