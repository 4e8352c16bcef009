"""The home page: the next activity with its prompts, quick actions and the emergency card."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from tests.helpers import soup
from webapp.extensions import db
from webapp.models import ActivityAttendee
from webapp.plans.service import cancel_activity


@pytest.mark.both_databases
def test_the_next_activity_is_shown_with_its_safety_prompts(client, clock, login_as, make_activity):
    owner = login_as("candidate")
    make_activity(owner, kind="hustings", starts_at=clock.now() + timedelta(days=3))
    make_activity(owner, kind="leafleting", starts_at=clock.now() + timedelta(days=1))
    card = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    assert card.select_one("a").get_text() == "Leafleting"
    assert "Wed 17 Mar 2027, 09:00 to 11:00" in card.get_text()
    assert [li["data-prompt"] for li in card.select(".prompts li")] == ["alone", "no_one_told"]
    assert "See all 2 upcoming activities" in card.get_text()


def dashboard_prompts(client) -> list[str]:
    card = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    return [li["data-prompt"] for li in card.select(".prompts li")]


@pytest.mark.both_databases
@pytest.mark.parametrize(("companions", "member_mobile", "member_answer", "expected"), [
    ([("Sam", "")], None, None, ["no_one_told"]),
    ([("Sam", "+447911123457")], None, None, []),
    ([], "+447911123458", "going", []),
    ([], None, "going", ["no_one_told"]),
    ([], "+447911123458", "not_going", ["alone", "no_one_told"]),
])
def test_the_dashboard_counts_companions_and_team_members_coming_and_whether_one_can_be_reached(
        client, clock, login_as, make_user, make_activity, companions, member_mobile, member_answer, expected):
    owner = login_as("candidate")
    activity = make_activity(owner, starts_at=clock.now() + timedelta(hours=2), companions=companions)
    if member_answer:
        member = make_user("team_member", mobile=member_mobile)
        db.session.add(ActivityAttendee(activity_id=activity.id, user_id=member.id, response=member_answer))
        db.session.commit()
    assert dashboard_prompts(client) == expected


def test_an_emergency_contact_removes_the_no_one_told_prompt(client, clock, login_as, make_activity):
    owner = login_as("candidate", emergency_contact_name="Jamie", emergency_contact_mobile="+447911123459")
    make_activity(owner, starts_at=clock.now() + timedelta(hours=2))
    card = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    assert [li["data-prompt"] for li in card.select(".prompts li")] == ["alone"]


@pytest.mark.both_databases
def test_cancelled_and_finished_activities_are_not_next(client, clock, login_as, make_activity):
    owner = login_as("candidate")
    make_activity(owner, starts_at=clock.now() - timedelta(days=1))
    cancel_activity(make_activity(owner, starts_at=clock.now() + timedelta(days=1)))
    db.session.commit()
    card = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    assert "Nothing planned yet" in card.get_text()


def test_the_dashboard_offers_quick_actions_and_the_call_999_card(client, login_as):
    login_as("candidate")
    page = soup(client.get("/"))
    actions = {a.get_text(strip=True): a["href"] for a in page.select("nav.quick-actions a")}
    assert actions["Plan an activity"] == "/activities/new"
    assert actions["Safety guidance"] == "/safety"
    assert actions["Your profile"] == "/profile"
    card = page.select_one(".card.emergency")
    assert card.select_one("a[href='tel:999']") and card.select_one("a[href='tel:101']")
    assert "Operation Ford" in card.get_text()


def test_a_candidate_without_a_mobile_is_asked_to_complete_the_profile(client, login_as):
    login_as("candidate")
    assert soup(client.get("/")).select_one(".flash-warning a[href='/profile']") is not None


def test_the_dashboard_and_list_make_as_many_queries_for_six_activities_as_for_one(
        client, clock, login_as, make_activity):
    owner = login_as("candidate")
    statements = []

    def count(*args, **kwargs):
        statements.append(args[2])

    def queries_for(url):
        statements.clear()
        client.get(url)
        return len(statements)

    make_activity(owner, starts_at=clock.now() + timedelta(days=1), companions=[("Sam", None)])
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with_one = (queries_for("/"), queries_for("/activities"))
        for day in range(2, 7):
            make_activity(owner, starts_at=clock.now() + timedelta(days=day), companions=[("Sam", None)])
        with_six = (queries_for("/"), queries_for("/activities"))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert with_six == with_one


@pytest.mark.parametrize("role", ["feoa", "election_office", "admin"])
def test_other_roles_get_a_simple_home_with_links(client, login_as, role):
    login_as(role)
    page = soup(client.get("/"))
    assert len(page.select("h1")) == 1
    assert page.select_one("a[href='tel:999']") is not None
    assert page.select_one("a[href='/profile']") is not None
    assert page.select_one("nav.quick-actions") is None
    assert page.select_one("a[href='/activities']") is None


def test_an_activity_under_way_is_marked_as_happening_now(client, clock, login_as, make_activity):
    owner = login_as("candidate")
    make_activity(owner, starts_at=clock.now() - timedelta(minutes=30))
    card = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    assert card.select_one(".tag-ok").get_text() == "Happening now"
    clock.advance(hours=2)
    card = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    assert card.select_one(".tag-ok") is None
    assert "Nothing planned yet" in card.get_text()
