"""A plan's safety prompts are about its owner, the candidate: the owner reads them as "you", the
rest of the team reads them about the candidate by name, on the dashboard and the plan's page alike."""

from datetime import timedelta

import pytest

from tests.helpers import soup
from webapp.extensions import db
from webapp.models import TeamMembership
from webapp.teams.access import ensure_candidate_team

NO_CONTACT = {"emergency_contact_name": None, "emergency_contact_mobile": None}
A_CONTACT = {"emergency_contact_name": "Jamie", "emergency_contact_mobile": "+447911123459"}


@pytest.fixture
def prompts_read_by(client, sign_in, clock, make_user, make_activity):
    """`prompts_read_by("member", candidate_contact=..., member_contact=...)`: Alex Morgan (candidate)
    plans an outing in two hours with Sam Patel in the team; `reader` signs in and opens the
    dashboard and the plan page. Returns {"dashboard": card, "plan page": "Before you go" section}."""

    def read(reader, *, candidate_contact, member_contact, companions=()):
        people = {"candidate": make_user("candidate", name="Alex Morgan", **candidate_contact),
                  "member": make_user("team_member", name="Sam Patel", **member_contact)}
        db.session.add(TeamMembership(team=ensure_candidate_team(people["candidate"]), user=people["member"],
                                      role="member"))
        db.session.commit()
        activity = make_activity(people["candidate"], starts_at=clock.now() + timedelta(hours=2),
                                 companions=companions)
        sign_in(people[reader])
        return {
            "dashboard": soup(client.get("/")).select_one("section[aria-labelledby=next-heading]"),
            "plan page": soup(client.get(f"/activities/{activity.id}")).select_one(
                "section[aria-labelledby=prompts-heading]"),
        }

    return read


def keys_in(section) -> list[str]:
    return [li["data-prompt"] for li in section.select(".prompts li")]


@pytest.mark.both_databases
def test_a_team_member_reads_the_candidates_prompts_by_name_with_the_candidates_emergency_contact(prompts_read_by):
    sections = prompts_read_by("member", candidate_contact=NO_CONTACT, member_contact=A_CONTACT)
    for where, section in sections.items():
        assert keys_in(section) == ["alone", "no_one_told"], where
        text = section.get_text(" ", strip=True)
        assert "Alex Morgan is going alone. Offer to go along" in text
        assert "Ask Alex Morgan to add a companion's mobile number or an emergency contact" in text
        assert "You are going alone" not in text
        # Sam's own profile would not change Alex's plan: no link to it.
        assert section.select_one("a[href*='/profile']") is None
    assert "Alex Morgan's campaign" in sections["dashboard"].text


@pytest.mark.both_databases
def test_the_candidates_emergency_contact_counts_for_the_team_not_the_readers_own(prompts_read_by):
    sections = prompts_read_by("member", candidate_contact=A_CONTACT, member_contact=NO_CONTACT)
    assert {where: keys_in(section) for where, section in sections.items()} == {
        "dashboard": ["alone"], "plan page": ["alone"]}


def test_the_candidate_reads_the_same_prompts_as_you_with_a_link_to_fix_them(prompts_read_by):
    sections = prompts_read_by("candidate", candidate_contact=NO_CONTACT, member_contact=A_CONTACT)
    for where, section in sections.items():
        assert keys_in(section) == ["alone", "no_one_told"], where
        assert "You are going alone" in section.get_text(" ", strip=True)
        assert section.select_one("a[href*='/profile']").get_text() == "Add an emergency contact"
    assert "'s campaign" not in sections["dashboard"].text


@pytest.mark.parametrize(("reader", "all_clear"), [
    ("member", "Alex Morgan is not going alone, and someone knows the plan."),
    ("candidate", "You are not going alone, and someone knows your plan."),
])
def test_when_nothing_needs_saying_each_reader_is_told_so_in_their_own_words(prompts_read_by, reader, all_clear):
    sections = prompts_read_by(reader, candidate_contact=A_CONTACT, member_contact=NO_CONTACT,
                               companions=[("Robin", "+447911123457")])
    assert [section.select_one(".prompt-ok").get_text() for section in sections.values()] == [all_clear, all_clear]
