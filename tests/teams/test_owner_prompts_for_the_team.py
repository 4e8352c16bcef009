"""The "going alone" prompt on the team's pages is about the plan's owner, in webapp/plans/prompts.py's words:
the owner reads "You are going alone", a team member reads "Priya Shah is going alone. Offer to go along"."""

import pytest
from bs4 import BeautifulSoup

from tests.teams.conftest import TOMORROW_10
from webapp.extensions import db
from webapp.plans.prompts import going_alone
from webapp.timeutil import to_london


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def solo_plan(make_team, make_activity):
    team, people = make_team()
    people["owner"].name = "Priya Shah"
    db.session.commit()
    return make_activity(people["owner"]), people


@pytest.mark.parametrize(("reader", "expected"), [
    ("owner", going_alone(0).text),
    ("member", going_alone(0, "Priya Shah").text),
    ("organiser", going_alone(0, "Priya Shah").text),
])
def test_my_activities_words_the_going_alone_prompt_for_its_reader(client, sign_in, solo_plan, reader, expected):
    activity, people = solo_plan
    sign_in(people[reader])
    block = page(client.get("/my-activities")).select_one(f"#attendance-{activity.id}")
    assert block.select_one(".team-prompts li").get_text(strip=True) == expected


def test_a_team_member_is_never_told_to_make_sure_someone_knows_where_they_are_about_the_candidates_plan(
        client, sign_in, solo_plan):
    activity, people = solo_plan
    sign_in(people["member"])
    text = page(client.get("/my-activities")).select_one(f"#activity-{activity.id}").get_text(" ", strip=True)
    assert "Priya Shah is going alone. Offer to go along" in text
    assert "Going alone? Ask someone" not in text and "You are going alone" not in text


@pytest.mark.parametrize(("reader", "expected"), [
    ("owner", "You are going alone. Go in a pair"),
    ("member", "Priya Shah is going alone. Offer to go along"),
])
def test_the_printed_day_plan_words_it_for_its_reader_too(client, sign_in, solo_plan, reader, expected):
    activity, people = solo_plan
    sign_in(people[reader])
    day = to_london(TOMORROW_10).date().isoformat()
    text = page(client.get(f"/my-activities/{day}/print")).get_text(" ", strip=True)
    assert expected in text


def test_nobody_reads_a_going_alone_prompt_once_someone_is_coming(client, hx, sign_in, solo_plan):
    activity, people = solo_plan
    sign_in(people["member"])
    response = hx.post(f"/activities/{activity.id}/attendance", target=f"attendance-{activity.id}",
                       data={"answer": "going"})
    assert page(response).select_one(".team-prompts") is None
