"""A plan's safety prompts are about its owner, the candidate: the owner reads them as "you", the
rest of the team reads them about the candidate by name, on the dashboard and the plan's page alike."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import TeamMembership
from webapp.teams.access import ensure_candidate_team

NO_CONTACT = {"emergency_contact_name": None, "emergency_contact_mobile": None}
A_CONTACT = {"emergency_contact_name": "Jamie", "emergency_contact_mobile": "+447911123459"}


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def candidate_and_member(make_user):
    def make(candidate_contact, member_contact):
        candidate = make_user("candidate", name="Alex Morgan", **candidate_contact)
        member = make_user("team_member", name="Sam Patel", **member_contact)
        db.session.add(TeamMembership(team=ensure_candidate_team(candidate), user=member, role="member"))
        db.session.commit()
        return candidate, member

    return make


def prompts_on(page, selector):
    section = page.select_one(selector)
    return [li["data-prompt"] for li in section.select(".prompts li")], section


@pytest.mark.both_databases
def test_a_team_member_reads_the_candidates_prompts_by_name_with_the_candidates_emergency_contact(
        client, sign_in, clock, make_activity, candidate_and_member):
    candidate, member = candidate_and_member(candidate_contact=NO_CONTACT, member_contact=A_CONTACT)
    activity = make_activity(candidate, starts_at=clock.now() + timedelta(hours=2))
    sign_in(member)
    for path, selector in (("/", "section[aria-labelledby=next-heading]"),
                           (f"/activities/{activity.id}", "section[aria-labelledby=prompts-heading]")):
        keys, section = prompts_on(soup(client.get(path)), selector)
        assert keys == ["alone", "no_one_told"], path
        text = section.get_text(" ", strip=True)
        assert "Alex Morgan is going alone. Offer to go along" in text
        assert "Ask Alex Morgan to add a companion's mobile number or an emergency contact" in text
        assert "You are going alone" not in text
        # Sam's own profile would not change Alex's plan: no link to it.
        assert section.select_one("a[href*='/profile']") is None
    assert "Alex Morgan's campaign" in soup(client.get("/")).select_one("section[aria-labelledby=next-heading]").text


@pytest.mark.both_databases
def test_the_candidates_emergency_contact_counts_for_the_team_not_the_readers_own(
        client, sign_in, clock, make_activity, candidate_and_member):
    candidate, member = candidate_and_member(candidate_contact=A_CONTACT, member_contact=NO_CONTACT)
    activity = make_activity(candidate, starts_at=clock.now() + timedelta(hours=2))
    sign_in(member)
    assert prompts_on(soup(client.get("/")), "section[aria-labelledby=next-heading]")[0] == ["alone"]
    assert prompts_on(soup(client.get(f"/activities/{activity.id}")),
                      "section[aria-labelledby=prompts-heading]")[0] == ["alone"]


def test_the_candidate_reads_the_same_prompts_as_you_with_a_link_to_fix_them(
        client, sign_in, clock, make_activity, candidate_and_member):
    candidate, _ = candidate_and_member(candidate_contact=NO_CONTACT, member_contact=A_CONTACT)
    activity = make_activity(candidate, starts_at=clock.now() + timedelta(hours=2))
    sign_in(candidate)
    for path, selector in (("/", "section[aria-labelledby=next-heading]"),
                           (f"/activities/{activity.id}", "section[aria-labelledby=prompts-heading]")):
        keys, section = prompts_on(soup(client.get(path)), selector)
        assert keys == ["alone", "no_one_told"], path
        assert "You are going alone" in section.get_text(" ", strip=True)
        assert section.select_one("a[href*='/profile']").get_text() == "Add an emergency contact"
        assert "'s campaign" not in section.get_text()


def test_when_nothing_needs_saying_a_team_member_reads_that_the_candidate_is_covered(
        client, sign_in, clock, make_activity, candidate_and_member):
    candidate, member = candidate_and_member(candidate_contact=A_CONTACT, member_contact=NO_CONTACT)
    activity = make_activity(candidate, starts_at=clock.now() + timedelta(hours=2),
                             companions=[("Robin", "+447911123457")])
    sign_in(member)
    page = soup(client.get(f"/activities/{activity.id}"))
    assert page.select_one(".prompt-ok").get_text() == "Alex Morgan is not going alone, and someone knows the plan."
    sign_in(candidate)
    page = soup(client.get(f"/activities/{activity.id}"))
    assert page.select_one(".prompt-ok").get_text() == "You are not going alone, and someone knows your plan."
