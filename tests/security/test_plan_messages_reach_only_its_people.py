"""Finding 2: a companion's typed mobile matched a stranger's account, who was then emailed the plan.

The walk: one plan lives its whole life (planned, reminders, a safety session from it that escalates
to both tiers, an all-clear, aftercare), and every message the app queued about it is checked: each
goes to a number the planner typed, the person's own emergency contact, or an account that can see
the plan, and never to the stranger whose account has the companion's mobile.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from tests.helpers import uk_clock
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Companion, Message, TeamMembership, User
from webapp.models.sessions import SafetySession
from webapp.plans.access import visible_activities
from webapp.reminders.planner import plan_activity_reminders
from webapp.teams.access import ensure_candidate_team

pytestmark = pytest.mark.both_databases

SAM = "+447911123456"  # typed by the planner; also on a stranger's profile in another campaign
KIM = "+447911123457"  # a companion nobody has on a profile
EMERGENCY = "+447911123458"


@pytest.fixture
def world(make_user):
    asha = make_user("candidate", name="Asha Khan", email="asha@example.org", mobile="+447911123450",
                     emergency_contact_name="Ravi Khan", emergency_contact_mobile=EMERGENCY)
    team = ensure_candidate_team(asha)
    organiser = make_user("team_member", name="Priya Organiser", email="priya@example.org", mobile="+447911123451")
    going = make_user("team_member", name="Gina Going", email="gina@example.org", mobile="+447911123452")
    db.session.add_all([TeamMembership(team=team, user=organiser, role="organiser"),
                        TeamMembership(team=team, user=going, role="member")])
    stranger = make_user("candidate", name="Member Elsewhere", email="member@elsewhere.example", mobile=SAM)
    starts_at = uk_clock(2027, 3, 17, 10, 0)
    plan = Activity(owner=asha, kind="canvassing", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                    meeting_point="Clifton Library steps", area="Clifton: Elm Road",
                    companions=[Companion(name="Sam Patel", mobile=SAM), Companion(name="Kim", mobile=KIM)])
    db.session.add(plan)
    db.session.flush()
    db.session.add(ActivityAttendee(activity_id=plan.id, user_id=going.id, response="going"))
    plan_activity_reminders(plan)
    db.session.commit()
    return {"asha": asha, "stranger": stranger, "plan": plan}


def live_the_plan(client, sign_in, clock, run_jobs, app, world) -> None:
    """Evening email, hour-before and start texts, a session that escalates to both tiers and
    ends, and aftercare: every message a plan can cause."""

    def until(at):
        while clock.now() < at:
            clock.advance(minutes=15)
            run_jobs(app)

    until(uk_clock(2027, 3, 17, 10, 0))
    sign_in(world["asha"])
    response = client.post("/sessions/new", data={"place": "Clifton", "until": "12:00", "interval": "30",
                                                  "activity_id": str(world["plan"].id)})
    assert response.status_code == 303, response.get_data(as_text=True)
    until(uk_clock(2027, 3, 17, 11, 15))  # the missed check-in at 10:30, tier 1 at 10:40, tier 2 at 10:55
    session = db.session.scalars(select(SafetySession)).one()
    client.post(f"/sessions/{session.id}/end")
    until(uk_clock(2027, 3, 17, 13, 30))


def allowed_recipients(plan: Activity) -> dict[str, str]:
    """Who may get a message about `plan`: {recipient: why}."""
    allowed = {c.mobile: "a companion as typed" for c in plan.companions if c.mobile}
    allowed[plan.owner.emergency_contact_mobile] = "the planner's own emergency contact"
    for user in db.session.scalars(select(User)):
        if db.session.scalar(visible_activities(user).where(Activity.id == plan.id)) is not None:
            for address in (user.email, user.mobile):
                if address:
                    allowed[address] = f"{user.display_name}, who can see the plan"
    return allowed


def test_every_message_about_a_plan_goes_only_to_people_who_may_see_it(app, client, sign_in, clock, run_jobs,
                                                                       world):
    live_the_plan(client, sign_in, clock, run_jobs, app, world)
    plan = db.session.get(Activity, world["plan"].id)
    messages = db.session.scalars(select(Message).where(
        (Message.activity_id == plan.id) | Message.body.contains(plan.meeting_point))).all()
    kinds = {m.kind for m in messages}
    assert {"reminder-evening", "reminder-hour-before", "reminder-start", "reminder-aftercare",
            "session-alert", "session-all-clear"} <= kinds, kinds
    allowed = allowed_recipients(plan)
    stranger = world["stranger"]
    assert allowed[SAM] == "a companion as typed"  # the number, not the account that has it
    for message in messages:
        assert message.recipient in allowed, (message.kind, message.recipient)
        assert message.recipient != stranger.email, message.kind
        if message.recipient in {SAM, KIM}:
            assert message.channel == "sms" and "/activities/" not in message.body, message.kind
    assert stranger.id not in {m.user_id for m in messages}


def test_the_plan_page_shows_the_typed_companion_not_an_account_with_that_mobile(client, sign_in, world):
    sign_in(world["asha"])
    for path in (f"/activities/{world['plan'].id}", f"/activities/{world['plan'].id}/messages"):
        text = BeautifulSoup(client.get(path).data, "html.parser").get_text(" ")
        assert "member@elsewhere.example" not in text and "Member Elsewhere" not in text, path


def test_the_stranger_with_the_companions_mobile_sees_nothing_of_the_plan(client, sign_in, world):
    sign_in(world["stranger"])
    assert client.get(f"/activities/{world['plan'].id}").status_code == 404
    assert "Clifton Library steps" not in client.get("/notifications").get_data(as_text=True)
