"""Pledge status on the FEOA's candidate list, and team members counted in an activity's team size."""

from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import ActivityAttendee, PledgeSignature, PledgeVersion


def test_a_signed_pledge_shows_on_the_candidate_list(client, feoa, make_candidate, clock):
    candidacy = make_candidate("Pledged Person")
    make_candidate("Not Pledged")
    version = PledgeVersion(number=99, title="Civility Pledge", body="Be civil", official_url="https://example.org")
    db.session.add(version)
    db.session.flush()
    db.session.add(PledgeSignature(user_id=candidacy.user_id, version_id=version.id, full_name="Pledged Person"))
    db.session.commit()
    rows = BeautifulSoup(client.get("/feoa/").data, "html.parser").select(".candidate-row")
    tags = {row.select_one(".candidate-name").text: row.get_text(" ", strip=True) for row in rows}
    assert "Civility Pledge" in tags["Pledged Person"] and "Civility Pledge" not in tags["Not Pledged"]


def test_team_members_going_count_in_the_team_size_and_mean_not_alone(client, feoa, make_candidate, make_activity,
                                                                      make_user):
    activity = make_activity(make_candidate(), in_hours=2)
    helper = make_user("team_member")
    db.session.add(ActivityAttendee(activity_id=activity.id, user_id=helper.id, response="going"))
    db.session.commit()
    assert BeautifulSoup(client.get("/feoa/").data, "html.parser").select(".risky-activity") == []
