"""Tier 1 with teams: whoever is going along and the team's organisers, by text and email."""

import pytest

from tests.sessions.session_helpers import COMPANION_MOBILE, EMERGENCY_MOBILE, at
from webapp.extensions import db
from webapp.models import ActivityAttendee, Team, TeamMembership
from webapp.models.sessions import SafetySession
from webapp.sessions.contacts import escalation_contacts

ORGANISER_MOBILE = "+447700900021"
MEMBER_MOBILE = "+447700900022"
GOING_MOBILE = "+447700900023"


@pytest.fixture
def app_overrides(fake_twilio, smtp_server):
    return {**fake_twilio.settings, **smtp_server.settings}


@pytest.fixture
def team(person, activity, make_user):
    team = Team(owner=person)
    organiser = make_user("team_member", name="Priya Organiser", email="priya@example.org", mobile=ORGANISER_MOBILE)
    member = make_user("team_member", name="Max Member", mobile=MEMBER_MOBILE)
    going = make_user("team_member", name="Gina Going", email="gina@example.org", mobile=GOING_MOBILE)
    db.session.add_all([team, TeamMembership(team=team, user=person, role="owner"),
                        TeamMembership(team=team, user=organiser, role="organiser"),
                        TeamMembership(team=team, user=member, role="member"),
                        TeamMembership(team=team, user=going, role="member"),
                        ActivityAttendee(activity_id=activity.id, user_id=going.id, response="going"),
                        ActivityAttendee(activity_id=activity.id, user_id=member.id, response="not_going")])
    db.session.commit()
    return {"organiser": organiser, "member": member, "going": going}


def test_tier_one_is_who_is_going_and_the_organisers_never_the_person(start, team):
    session = start()
    tiers = escalation_contacts(session)
    assert [(c.name, c.relation) for c in tiers[1]] == [
        ("Gina Going", "going with you"), ("Jo Patel", "companion"), ("Priya Organiser", "team organiser")]
    assert [c.name for c in tiers[2]] == ["Sam Morgan"]


def test_tier_one_is_alerted_by_text_and_email_exactly_once(app, start, team, clock, run_jobs, fake_twilio,
                                                            smtp_server):
    start()
    for moment in ("09:30", "09:40", "09:41"):
        at(clock, moment)
        run_jobs(app)
    alerted = sorted(m["To"] for m in fake_twilio.sent if "CampaignSafe alert" in m["Body"])
    assert alerted == sorted([COMPANION_MOBILE, ORGANISER_MOBILE, GOING_MOBILE])
    emails = [m for m in smtp_server.messages if m.message["Subject"].startswith("Alert:")]
    assert sorted(m.message["To"] for m in emails) == ["gina@example.org", "priya@example.org"]
    assert "Clifton Library" in emails[0].text and "call 999" in emails[0].text
    assert MEMBER_MOBILE not in [m["To"] for m in fake_twilio.sent]
    assert EMERGENCY_MOBILE not in alerted


def test_the_session_page_names_them_before_anything_happens(start, team, client):
    session = start()
    who = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Gina Going (going with you)" in who and "Priya Organiser (team organiser)" in who
    assert "Max Member" not in who


@pytest.mark.parametrize(("who", "status"), [("organiser", 200), ("going", 200), ("member", 404)])
def test_team_contacts_can_see_the_session_other_members_cannot(start, team, client, sign_in, who, status):
    session = start()
    sign_in(team[who])
    assert client.get(f"/sessions/{session.id}").status_code == status


def test_a_team_member_can_run_a_session_on_the_candidates_activity(team, activity, client, sign_in, person):
    sign_in(team["going"])
    response = client.post("/sessions/new", data={"activity_id": str(activity.id), "until": "12:00",
                                                  "interval": "30"})
    assert response.status_code == 303
    session = db.session.query(SafetySession).one()
    names = [(c.name, c.relation) for c in escalation_contacts(session)[1]]
    assert ("Alex Morgan", "candidate") in names and ("Gina Going", "going with you") not in names


def test_an_ad_hoc_session_alerts_the_organisers_of_the_persons_teams(app, team, client, sign_in, clock, tick,
                                                                      outbox, person):
    sign_in(team["member"])
    client.post("/sessions/new", data={"place": "Redland", "until": "11:00", "interval": "30"})
    session = db.session.query(SafetySession).one()
    direct = [c.name for c in escalation_contacts(session)[1]]
    for moment in ("09:30", "09:40"):
        at(clock, moment)
        tick()
    alerted = sorted(m.recipient for m in outbox("session_alert", "sms"))
    assert direct == ["Alex Morgan", "Priya Organiser"]
    assert alerted == sorted([person.mobile, ORGANISER_MOBILE])
