"""Fixtures for safety sessions: a candidate with a companion and an emergency contact, the
escalation job ticked by hand, and the outbox read back."""

import pytest
import sqlalchemy as sa

from jobs.runner import tick_all
from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE, PERSON_MOBILE
from webapp.extensions import db
from webapp.models import Activity, Companion, Message
from webapp.models.sessions import SafetySession


@pytest.fixture
def person(make_user):
    return make_user("candidate", name="Alex Morgan", mobile=PERSON_MOBILE,
                     emergency_contact_name="Sam Morgan", emergency_contact_mobile=EMERGENCY_MOBILE)


@pytest.fixture
def activity(person, clock):
    now = clock.now()
    activity = Activity(owner_id=person.id, kind="canvassing", starts_at=now,
                        ends_at=now.replace(hour=12), meeting_point="Clifton Library", area="Clifton",
                        companions=[Companion(name="Jo Patel", mobile=COMPANION_MOBILE)])
    db.session.add(activity)
    db.session.commit()
    return activity


@pytest.fixture
def going_member(make_user, person, activity):
    """A member of the person's team who said "I'll come" to the activity: a contact by account."""
    from webapp.models import ActivityAttendee, TeamMembership
    from webapp.teams.access import ensure_candidate_team

    member = make_user("team_member", name="Gina Going", mobile="+447911123499")
    db.session.add(TeamMembership(team=ensure_candidate_team(person), user=member, role="member"))
    db.session.add(ActivityAttendee(activity_id=activity.id, user_id=member.id, response="going"))
    db.session.commit()
    return member


@pytest.fixture
def start(client, sign_in, person, activity):
    """Sign the person in and start a session from the activity (until 12:00, check-ins every 30 min)."""

    def start_session(until="12:00", interval="30", share_location=False, with_activity=True, **extra):
        sign_in(person)
        data = {"place": "Clifton", "until": until, "interval": interval, **extra}
        if with_activity:
            data["activity_id"] = str(activity.id)
        if share_location:
            data["share_location"] = "y"
        response = client.post("/sessions/new", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)
        return db.session.scalars(sa.select(SafetySession).order_by(SafetySession.id.desc())).first()

    return start_session


@pytest.fixture
def tick(app):
    """Run every periodic job once, as the jobs process would."""

    def run():
        results = dict(tick_all(app))
        db.session.expire_all()
        return results["session-escalation"]

    return run


@pytest.fixture
def outbox(app):
    """The outbox rows, optionally for one template, oldest first."""

    def rows(template: str | None = None, channel: str | None = None) -> list[Message]:
        query = sa.select(Message).order_by(Message.id)
        if template:
            query = query.where(Message.template == template)
        if channel:
            query = query.where(Message.channel == channel)
        return list(db.session.scalars(query))

    return rows

