"""The team's shared plan: "I'll come", going alone, who goes with the candidate, hazards, a printable day."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import DoNotKnockNote


def _page(response):
    return BeautifulSoup(response.data, "html.parser")


def test_saying_ill_come_swaps_the_answer_in_place_and_the_owner_sees_it(hx, client, sign_in, make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    sign_in(people["member"])
    response = hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}",
                       data={"answer": "going"})
    assert response.status_code == 200
    fragment = _page(response)
    assert fragment.select_one("h1") is None
    block = fragment.select_one(f"#attendance-{activity.id}")
    assert "2 going" in block.text and people["member"].name in block.text
    assert block.select_one("button[value=going]")["aria-pressed"] == "true"
    sign_in(people["owner"])
    owner_view = _page(client.get("/my-activities")).select_one(f"#attendance-{activity.id}")
    assert people["member"].name in owner_view.text


def test_saying_i_cant_make_it_changes_an_earlier_yes(hx, sign_in, make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    sign_in(people["member"])
    hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}", data={"answer": "going"})
    response = hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}",
                       data={"answer": "not_going"})
    block = _page(response).select_one(f"#attendance-{activity.id}")
    assert "1 going" in block.text
    assert "Can't make it: " + people["member"].name in block.text


def test_an_activity_with_one_attendee_shows_the_going_alone_prompt(client, sign_in, make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    sign_in(people["owner"])
    block = _page(client.get("/my-activities")).select_one(f"#attendance-{activity.id}")
    assert "You are going alone." in block.select_one(".team-prompts").text


@pytest.mark.both_databases
def test_organisers_see_upcoming_activities_with_nobody_going_with_the_candidate(hx, client, sign_in, make_team,
                                                                                 make_activity, clock):
    team, people = make_team()
    make_activity(people["owner"], area="Hotwells")
    accompanied = make_activity(people["owner"], starts_at=clock.now() + timedelta(days=2), area="Redland")
    make_activity(people["owner"], starts_at=clock.now() - timedelta(days=3), area="Long ago")
    sign_in(people["member"])
    hx.post(f"/activities/{accompanied.id}/attendance", target=f"attendance-{accompanied.id}", data={"answer": "going"})
    sign_in(people["organiser"])
    listed = _page(client.get("/my-activities")).select_one("#alone-heading").find_parent("section").text
    assert "Hotwells" in listed and "Redland" not in listed and "Long ago" not in listed
    sign_in(people["member"])
    assert _page(client.get("/my-activities")).select_one("#alone-heading") is None


@pytest.mark.both_databases
def test_my_upcoming_activities_span_every_team_i_am_in(client, sign_in, make_team, make_activity):
    from webapp.models import TeamMembership
    first_team, first = make_team()
    second_team, second = make_team()
    db.session.add(TeamMembership(team=second_team, user=first["member"], role="member"))
    db.session.commit()
    a = make_activity(first["owner"], area="First ward")
    b = make_activity(second["owner"], area="Second ward")
    sign_in(first["member"])
    page = _page(client.get("/my-activities"))
    assert page.select_one(f"#activity-{a.id}") and page.select_one(f"#activity-{b.id}")


@pytest.mark.both_databases
def test_a_do_not_knock_note_shows_on_activities_whose_area_mentions_the_street(client, sign_in, make_team,
                                                                               make_activity):
    team, people = make_team()
    matching = make_activity(people["owner"], area="Clifton: Acacia Avenue")
    other = make_activity(people["owner"], area="Redland: Elm Road", meeting_point="Elm Road shops")
    sign_in(people["member"])
    client.post(f"/teams/{team.id}/do-not-knock", data={"street": "acacia avenue", "reason": "aggressive",
                                                        "details": "Shouted at canvassers on 3 March"})
    note = db.session.query(DoNotKnockNote).one()
    assert note.added_by_id == people["member"].id
    page = _page(client.get("/my-activities"))
    assert "Shouted at canvassers" in page.select_one(f"#activity-{matching.id}").text
    assert "Shouted at canvassers" not in page.select_one(f"#activity-{other.id}").text
    listing = _page(client.get(f"/teams/{team.id}/do-not-knock"))
    assert people["member"].name in listing.select_one(f"#hazard-{note.id}").text


def test_the_printable_day_lists_who_where_when_check_ins_and_emergency_numbers(client, sign_in, make_team,
                                                                                 make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    sign_in(people["owner"])
    page = _page(client.get("/my-activities/2027-03-17/print"))
    assert len(page.select("h1")) == 1 and "Wednesday 17 March 2027" in page.select_one("h1").text
    section = page.select_one(f"#plan-2027-03-17-{activity.id}").find_parent("section")
    assert "10:00" in section.select_one("h2").text
    assert "post box" in section.text
    assert people["owner"].name in section.text
    assert "10:00, 11:00, 12:00" in section.text
    assert "999" in page.select_one(".print-emergency").text and "101" in page.select_one(".print-emergency").text


def test_the_printable_day_says_when_nothing_is_planned(client, login_as):
    login_as("candidate")
    assert "Nothing is planned" in _page(client.get("/my-activities/2027-03-18/print")).select_one(".empty").text


def test_several_days_print_one_page_per_day_with_activities(client, sign_in, make_team, make_activity, clock):
    team, people = make_team()
    first = make_activity(people["owner"])
    third = make_activity(people["owner"], starts_at=first.starts_at + timedelta(days=2))
    sign_in(people["owner"])
    page = _page(client.get("/my-activities/print?from=2027-03-17&days=7"))
    days = page.select(".print-day")
    assert [d.select_one(".print-day-title").text for d in days] == [
        "Campaign plan: Wednesday 17 March 2027", "Campaign plan: Friday 19 March 2027"]
    assert days[1].select_one(f"#plan-2027-03-19-{third.id}") is not None
    assert len(page.select("h1")) == 1


@pytest.mark.parametrize("query", ["from=2027-02-30", "from=2027-03-17&days=0", "from=2027-03-17&days=15",
                                   "from=2027-03-17&days=x", "days=3", "from=" + "9" * 40])
def test_bad_print_ranges_are_not_found(client, login_as, query):
    login_as("candidate")
    assert client.get(f"/my-activities/print?{query}").status_code == 404


def test_a_named_companion_from_outside_the_team_counts_as_company(client, sign_in, make_team, make_activity):
    from webapp.models import Companion
    team, people = make_team()
    activity = make_activity(people["owner"])
    db.session.add(Companion(activity_id=activity.id, name="Jo Neighbour", mobile=None))
    db.session.commit()
    sign_in(people["organiser"])
    page = _page(client.get("/my-activities"))
    block = page.select_one(f"#attendance-{activity.id}")
    assert "2 going" in block.text and "Jo Neighbour (not in the team)" in block.text
    assert block.select_one(".team-prompts") is None
    assert page.select_one("#alone-heading") is None


def test_saying_ill_come_gives_the_member_the_activitys_reminders(hx, sign_in, make_team, make_activity):
    from sqlalchemy import select

    from webapp.models import Message
    team, people = make_team()
    member = people["member"]
    member.mobile = "+447911123457"
    db.session.commit()
    activity = make_activity(people["owner"])
    sign_in(member)
    hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}", data={"answer": "going"})
    mine = db.session.scalars(select(Message).where(Message.activity_id == activity.id,
                                                    Message.user_id == member.id)).all()
    assert mine and all(m.status == "created" for m in mine)
    hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}", data={"answer": "not_going"})
    db.session.expire_all()
    still_due = db.session.scalars(select(Message).where(Message.activity_id == activity.id,
                                                         Message.user_id == member.id,
                                                         Message.status == "created")).all()
    assert still_due == []
