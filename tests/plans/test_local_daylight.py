"""The plan page and the dashboard take sunrise and sunset in the activity owner's police force area."""

import pytest
from bs4 import BeautifulSoup

from tests.helpers import uk_clock
from webapp.extensions import db
from webapp.models import Role, TeamMembership
from webapp.teams.access import ensure_candidate_team

COMPANION = [("Sam", "+447911123457")]  # so "after dark" is the only prompt that can show


def prompts(client, url, section):
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return {li["data-prompt"]: li.get_text() for li in page.select_one(section).select(".prompts li")}


def plan_page_prompts(client, activity):
    return prompts(client, f"/activities/{activity.id}", "section[aria-labelledby=prompts-heading]")


def dashboard_prompts(client):
    return prompts(client, "/", "section[aria-labelledby=next-heading]")


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("force_code", "ends_at", "dark"),
    [
        # Wednesday 8 December 2027, 14:00 start. Sunset is about 15:43 in the central belt of
        # Scotland, 15:53 in London and 16:13 in Devon.
        ("police-scotland", (15, 45), True),
        ("metropolitan", (15, 45), False),
        ("devon-and-cornwall", (16, 5), False),
        ("metropolitan", (16, 5), True),
    ],
)
def test_a_december_afternoon_is_after_dark_by_the_sunset_in_the_candidates_force_area(
        client, login_as, make_activity, force_code, ends_at, dark):
    owner = login_as("candidate", force_code=force_code)
    activity = make_activity(owner, starts_at=uk_clock(2027, 12, 8, 14), ends_at=uk_clock(2027, 12, 8, *ends_at),
                             companions=COMPANION)
    assert ("after_dark" in plan_page_prompts(client, activity)) is dark
    assert ("after_dark" in dashboard_prompts(client)) is dark


@pytest.mark.both_databases
def test_the_prompt_names_the_sunset_in_the_candidates_force_area(client, login_as, make_activity):
    owner = login_as("candidate", force_code="police-scotland")
    activity = make_activity(owner, starts_at=uk_clock(2027, 12, 8, 14), ends_at=uk_clock(2027, 12, 8, 17),
                             companions=COMPANION)
    for shown in (plan_page_prompts(client, activity), dashboard_prompts(client)):
        assert "sunset is around 15:43 that day" in shown["after_dark"]


@pytest.mark.both_databases
def test_a_team_member_sees_the_sunset_in_the_candidates_force_area_not_londons(
        client, make_user, sign_in, make_activity):
    candidate = make_user(Role.CANDIDATE, force_code="police-scotland")
    member = make_user(Role.TEAM_MEMBER)  # no candidacy, so no force of their own
    db.session.add(TeamMembership(team=ensure_candidate_team(candidate), user=member, role="member"))
    db.session.commit()
    activity = make_activity(candidate, starts_at=uk_clock(2027, 12, 8, 14), ends_at=uk_clock(2027, 12, 8, 15, 45),
                             companions=COMPANION)
    sign_in(member)
    for shown in (plan_page_prompts(client, activity), dashboard_prompts(client)):
        assert "sunset is around 15:43 that day" in shown["after_dark"]


@pytest.mark.both_databases
def test_a_candidate_with_no_force_gets_londons_sunset(client, login_as, make_activity):
    owner = login_as("candidate")
    owner.candidacy.force = None
    db.session.commit()
    # 15:58 is after London's sunset (about 15:53) but before Avon and Somerset's (16:03).
    activity = make_activity(owner, starts_at=uk_clock(2027, 12, 8, 14), ends_at=uk_clock(2027, 12, 8, 15, 58),
                             companions=COMPANION)
    for shown in (plan_page_prompts(client, activity), dashboard_prompts(client)):
        assert "sunset is around 15:53 that day" in shown["after_dark"]
