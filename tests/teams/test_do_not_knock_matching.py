"""Do-not-knock notes are matched by street, whatever house number or remark is typed around it; a note that
names no street of a plan is still listed on it, under "Team notes for other streets"."""

import pytest
from bs4 import BeautifulSoup

from tests.teams.conftest import TOMORROW_10
from webapp.extensions import db
from webapp.models import DoNotKnockNote
from webapp.teams.hazards import mentions, street_words
from webapp.timeutil import to_london

AREA = "Royal York Crescent, Clifton"


@pytest.mark.parametrize("note", [
    "Royal York Crescent",
    "12 Royal York Crescent – Dog",
    "12 Royal York Crescent - Dog",
    "12 royal york crescent",
    "Royal York Cres.",
    "12A Royal York Cres (big dog, barks)",
    "Flat 3, 14 Royal York Crescent",
    "No. 7 Royal York Crescent: asked not to call",
    "Dog at 21 Royal York Crescent",
    "ROYAL YORK CRESCENT!",
    "10-14 Royal York Crescent",
    "Royal York Crescent, Clifton",
])
def test_a_note_for_the_street_matches_the_area_whatever_is_typed_around_it(note):
    assert mentions(AREA, note)


@pytest.mark.parametrize(("area", "note"), [
    ("Clifton: Whiteladies Rd and Elm Road", "Whiteladies Road"),
    ("Clifton: Whiteladies Road", "4 Whiteladies Rd."),
    ("Redland: St John's Road", "St Johns Rd – aggressive"),
    ("Easton: Stapleton Rd", "Stapleton Road (shop owner)"),
    ("Bedminster: North Street", "212 North St"),
    ("Cotham: Hampton Park", "5 Hampton Pk"),
    ("Montpelier: Picton Street & Cheltenham Road", "Cheltenham Rd, flat above the shop"),
])
def test_abbreviations_and_punctuation_do_not_stop_a_match(area, note):
    assert mentions(area, note)


@pytest.mark.parametrize(("area", "note"), [
    ("Royal York Crescent, Clifton", "York Road"),  # another street, sharing a word
    ("Clifton: Acacia Avenue", "Acacia Road"),
    ("Clifton: Elm Road", "Clifton Road"),  # the district is not the street
    ("Redland: Elm Road", "Dog"),
    ("Redland: Elm Road", "12"),
])
def test_a_note_for_another_street_does_not_match(area, note):
    assert not mentions(area, note)


def test_the_street_is_read_out_of_the_note():
    assert street_words("12 Royal York Crescent – Dog") == ["royal", "york", "crescent"]
    assert street_words("Flat 2, 7 Elm Rd") == ["elm", "road"]


@pytest.fixture
def team_with_notes(make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"], area=AREA, meeting_point="Outside number 1")
    for street, details in (("12 Royal York Crescent – Dog", "Big dog loose in the garden"),
                            ("Zetland Road", "Asked not to be called on")):
        db.session.add(DoNotKnockNote(team_id=team.id, street=street, reason="dog" if "Dog" in street else "other",
                                      details=details, added_by_id=people["member"].id))
    db.session.commit()
    return activity, people


def test_the_plan_shows_the_matching_note_and_lists_the_rest_as_team_notes(client, sign_in, team_with_notes):
    activity, people = team_with_notes
    sign_in(people["member"])
    page = BeautifulSoup(client.get(f"/activities/{activity.id}").data, "html.parser")
    section = page.select_one("#team-heading").find_parent("section")
    matched = section.select_one(".team-prompts").text
    assert "Big dog loose in the garden" in matched and "Zetland Road" not in matched
    others = section.select_one("details.team-notes")
    assert others.select_one("summary").get_text(strip=True) == "Team notes for other streets (1)"
    assert "Zetland Road" in others.text and "Asked not to be called on" in others.text


def test_the_printed_day_plan_and_my_activities_show_the_note(client, sign_in, team_with_notes):
    activity, people = team_with_notes
    sign_in(people["member"])
    day = to_london(TOMORROW_10).date().isoformat()
    printed = BeautifulSoup(client.get(f"/my-activities/{day}/print").data, "html.parser").text
    assert "Big dog loose in the garden" in printed and "Zetland Road" not in printed
    card = BeautifulSoup(client.get("/my-activities").data, "html.parser").select_one(f"#activity-{activity.id}")
    assert "Big dog loose in the garden" in card.text


def test_nobody_outside_the_team_sees_the_team_notes(client, sign_in, make_user, team_with_notes):
    activity, _ = team_with_notes
    sign_in(make_user("candidate"))
    response = client.get(f"/activities/{activity.id}")
    assert "Zetland Road" not in response.get_data(as_text=True)
