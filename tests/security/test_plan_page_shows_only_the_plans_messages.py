"""A safety session started from a plan keeps the plan's id on its texts, but the plan's message list, which
every organiser of the plan can open, shows only the plan's own reminders: not a volunteer's check-in
reminders, nor the alert sent to their next of kin, with that person's number."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from tests.helpers import uk_clock
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Message, TeamMembership
from webapp.models.sessions import SafetySession
from webapp.reminders.planner import plan_activity_reminders
from webapp.teams.access import ensure_candidate_team

pytestmark = pytest.mark.both_databases

NEXT_OF_KIN = "+447911123499"
NEXT_OF_KIN_SHOWN = "07911 123499"


@pytest.fixture
def plan_with_a_volunteer(make_user):
    asha = make_user("candidate", name="Asha Khan", mobile="+447911123450")
    team = ensure_candidate_team(asha)
    priya = make_user("team_member", name="Priya Organiser", mobile="+447911123451")
    gina = make_user("team_member", name="Gina Going", mobile="+447911123452",
                     emergency_contact_name="Gina's mum", emergency_contact_mobile=NEXT_OF_KIN)
    db.session.add_all([TeamMembership(team=team, user=priya, role="organiser"),
                        TeamMembership(team=team, user=gina, role="member")])
    starts_at = uk_clock(2027, 3, 17, 10, 0)
    plan = Activity(owner=asha, kind="canvassing", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                    meeting_point="Clifton Library steps", area="Clifton: Elm Road")
    db.session.add(plan)
    db.session.flush()
    db.session.add(ActivityAttendee(activity_id=plan.id, user_id=gina.id, response="going"))
    plan_activity_reminders(plan)
    db.session.commit()
    return {"asha": asha, "priya": priya, "gina": gina, "plan": plan}


def gina_goes_quiet(client, sign_in, clock, run_jobs, app, world) -> None:
    clock.set(uk_clock(2027, 3, 17, 10, 0))
    run_jobs(app)
    sign_in(world["gina"])
    response = client.post("/sessions/new", data={"place": "Clifton", "until": "12:00", "interval": "30",
                                                  "activity_id": str(world["plan"].id)})
    assert response.status_code == 303, response.get_data(as_text=True)
    while clock.now() < uk_clock(2027, 3, 17, 11, 0):  # missed 10:30: her team at 10:40, her next of kin at 10:55
        clock.advance(minutes=5)
        run_jobs(app)


@pytest.mark.parametrize("viewer", ["asha", "priya"])
def test_an_organiser_of_the_plan_does_not_see_a_volunteers_session_texts_or_next_of_kin(
        app, client, sign_in, clock, run_jobs, plan_with_a_volunteer, viewer):
    world = plan_with_a_volunteer
    gina_goes_quiet(client, sign_in, clock, run_jobs, app, world)
    session = db.session.scalars(select(SafetySession)).one()
    alert = db.session.scalars(select(Message).where(Message.kind == "session-alert",
                                                     Message.recipient == NEXT_OF_KIN)).one()
    assert alert.activity_id == world["plan"].id == session.activity_id  # the link that used to leak

    sign_in(world[viewer])
    for path in (f"/activities/{world['plan'].id}", f"/activities/{world['plan'].id}/messages"):
        section = BeautifulSoup(client.get(path).data, "html.parser").select_one("#activity-messages")
        text = section.get_text(" ")
        assert "Text at the start" in text, path  # the plan's own reminders are still there
        assert NEXT_OF_KIN_SHOWN not in text and "Safety alert" not in text, path
        assert "Check-in reminder" not in text and "Are you OK" not in text, path


def test_the_volunteer_still_finds_her_own_session_texts_in_her_message_history(
        app, client, sign_in, clock, run_jobs, plan_with_a_volunteer):
    world = plan_with_a_volunteer
    gina_goes_quiet(client, sign_in, clock, run_jobs, app, world)
    text = BeautifulSoup(client.get("/notifications").data, "html.parser").get_text(" ")
    assert "Check-in reminder" in text
