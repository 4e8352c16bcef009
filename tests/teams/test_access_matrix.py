"""Who may see and do what: every role against every object of a team. Hidden means 404."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from webapp.calendar.feeds import regenerate
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import DoNotKnockNote, Role, TeamInvitation, TeamMembership
from webapp.pledge.signing import sign
from webapp.teams.access import ensure_candidate_team
from webapp.teams.attendance import respond

ROLES = ["owner", "organiser", "member", "removed", "other_team", "feoa", "anonymous"]


@pytest.fixture
def world(client, make_user, make_team, make_activity):
    """One campaign team with an activity, a do-not-knock note, an open invitation and a private
    pledge signature; a removed member; someone from another team; an FEOA in the same force."""
    team, people = make_team(organiser="organiser", member="member", removed="member")
    owner = people["owner"]
    activity = make_activity(owner)
    for person in ("organiser", "member", "removed"):
        respond(activity, people[person], "going")
    note = DoNotKnockNote(team_id=team.id, street="Acacia Avenue", reason="dog", details="Large dog at number 12",
                          added_by_id=people["member"].id)
    db.session.add(note)
    invitation = TeamInvitation(team_id=team.id, invited_by_id=owner.id, name="Priya", email="priya@example.org",
                                role="member", expires_at=utcnow() + timedelta(days=7))
    db.session.add(invitation)
    signature = sign(owner, "Alex Candidate", public=False)
    other_owner = make_user(Role.CANDIDATE)
    other_team = ensure_candidate_team(other_owner)
    people["other_team"] = make_user(Role.TEAM_MEMBER)
    db.session.add(TeamMembership(team=other_team, user=people["other_team"], role="organiser"))
    people["feoa"] = make_user(Role.FEOA)
    people["anonymous"] = None
    feeds = {label: regenerate(person, True) for label, person in people.items() if person is not None}
    db.session.commit()
    # The removed member is removed the way an organiser would do it, after they had joined and said "I'll come".
    removed_membership = db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == people["removed"].id))
    db.session.delete(removed_membership)
    db.session.commit()
    return {"team": team, "people": people, "activity": activity, "note": note, "invitation": invitation,
            "signature": signature, "feeds": feeds}


def _as(role, world, sign_in):
    person = world["people"][role]
    if person is not None:
        sign_in(person)


def _expect(response, expected):
    if expected == "sign-in" and response.status_code == 401:  # htmx: sent to sign in as a whole page
        assert "/sign-in" in response.headers["HX-Redirect"]
    elif expected == "sign-in":
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    else:
        assert response.status_code == expected


TEAM_PAGE = dict(owner=200, organiser=200, member=200, removed=404, other_team=404, feoa=404, anonymous="sign-in")
MANAGE = dict(owner=303, organiser=303, member=403, removed=404, other_team=404, feoa=404, anonymous="sign-in")


@pytest.mark.parametrize("role", ROLES)
def test_the_team_page_is_seen_only_by_people_in_the_team(client, sign_in, world, role):
    _as(role, world, sign_in)
    _expect(client.get(f"/teams/{world['team'].id}"), TEAM_PAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_organisers_invite(client, sign_in, world, role):
    _as(role, world, sign_in)
    response = client.post(f"/teams/{world['team'].id}/invitations",
                           data={"name": "Sam", "email": "sam@example.org", "role": "member"})
    _expect(response, MANAGE[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_organisers_withdraw_an_invitation(client, sign_in, world, role):
    _as(role, world, sign_in)
    response = client.post(f"/teams/{world['team'].id}/invitations/{world['invitation'].id}/cancel")
    _expect(response, MANAGE[role])
    db.session.expire_all()
    assert (db.session.get(TeamInvitation, world["invitation"].id).cancelled_at is not None) == (MANAGE[role] == 303)


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_organisers_remove_a_member(client, sign_in, world, role):
    member = db.session.scalar(select(TeamMembership).where(TeamMembership.user_id == world["people"]["member"].id))
    _as(role, world, sign_in)
    _expect(client.post(f"/teams/{world['team'].id}/members/{member.id}/remove"), MANAGE[role])


ACTIVITY_VIEW = dict(owner=200, organiser=200, member=200, removed=404, other_team=404, feoa=404, anonymous="sign-in")


@pytest.mark.parametrize("role", ROLES)
def test_the_shared_activity_is_seen_only_by_its_team(client, sign_in, world, role):
    _as(role, world, sign_in)
    _expect(client.get(f"/activities/{world['activity'].id}/calendar.ics"), ACTIVITY_VIEW[role])
    if ACTIVITY_VIEW[role] == 200:
        listed = client.get("/my-activities").get_data(as_text=True)
        assert f'id="activity-{world["activity"].id}"' in listed
    elif role != "anonymous":
        listed = client.get("/my-activities").get_data(as_text=True)
        assert f'id="activity-{world["activity"].id}"' not in listed


RSVP = dict(owner=400, organiser=200, member=200, removed=404, other_team=404, feoa=404, anonymous="sign-in")


@pytest.mark.parametrize("role", ROLES)
def test_team_members_answer_whether_they_will_come(hx, sign_in, world, role):
    _as(role, world, sign_in)
    activity = world["activity"]
    _expect(hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}",
                    data={"answer": "not_going"}), RSVP[role])


@pytest.mark.parametrize("role", ROLES)
def test_the_do_not_knock_list_is_seen_only_inside_the_team(client, sign_in, world, role):
    _as(role, world, sign_in)
    response = client.get(f"/teams/{world['team'].id}/do-not-knock")
    _expect(response, TEAM_PAGE[role])
    if role not in ("anonymous",):
        upcoming = client.get("/my-activities").get_data(as_text=True)
        assert ("Large dog at number 12" in upcoming) == (TEAM_PAGE[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_organisers_remove_a_do_not_knock_note(client, sign_in, world, role):
    _as(role, world, sign_in)
    response = client.post(f"/teams/{world['team'].id}/do-not-knock/{world['note'].id}/remove")
    _expect(response, MANAGE[role])
    db.session.expire_all()
    assert (db.session.get(DoNotKnockNote, world["note"].id) is None) == (MANAGE[role] == 303)


IN_OWN_FEED = dict(owner=True, organiser=True, member=True, removed=False, other_team=False, feoa=False)


@pytest.mark.parametrize("role", ROLES)
def test_a_calendar_feed_shows_the_activity_only_to_people_still_in_the_team(client, world, role):
    if role == "anonymous":
        _expect(client.get("/calendar/feed/not-a-real-secret.ics"), 404)
        return
    response = client.get(f"/calendar/feed/{world['feeds'][role]}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert (f"activity-{world['activity'].id}@campaignsafe" in uids) == IN_OWN_FEED[role]
    text = response.get_data(as_text=True)
    assert "Bring leaflets" not in text and "Large dog" not in text


PRIVATE_SIGNATURE = dict(owner=200, organiser=404, member=404, removed=404, other_team=404, feoa=404, anonymous=404)


@pytest.mark.parametrize("role", ROLES)
def test_a_private_pledge_signature_card_is_seen_only_by_its_signer(client, sign_in, world, role):
    _as(role, world, sign_in)
    _expect(client.get(f"/pledge/card/{world['signature'].id}.svg"), PRIVATE_SIGNATURE[role])


@pytest.mark.parametrize("role", ROLES)
def test_a_public_pledge_signature_card_is_seen_by_anyone(client, sign_in, world, role):
    world["signature"].public = True
    db.session.commit()
    _as(role, world, sign_in)
    _expect(client.get(f"/pledge/card/{world['signature'].id}.svg"), 200)


@pytest.mark.parametrize("role", ["owner", "organiser", "member"])
def test_the_team_page_shows_who_has_signed_the_pledge(client, sign_in, world, role):
    _as(role, world, sign_in)
    page = client.get(f"/teams/{world['team'].id}").get_data(as_text=True)
    assert "Signed the Civility Pledge" in page
