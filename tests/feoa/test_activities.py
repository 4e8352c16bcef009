"""Higher-risk activity in the next 48 hours: alone, after dark; time, area and team size only."""

from datetime import UTC, datetime

from bs4 import BeautifulSoup

from .conftest import OTHER_FORCE


def _risky(client):
    page = BeautifulSoup(client.get("/feoa/").data, "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select(".risky-activity")]


def test_going_alone_is_listed_with_time_area_and_team_size(client, feoa, make_candidate, make_activity):
    candidacy = make_candidate("Casey Candidate")
    make_activity(candidacy, in_hours=3, area="Redland")
    (row,) = _risky(client)
    assert "Redland" in row and "team of 1" in row and "Going alone" in row
    assert "Tue 16 Mar, 12:00–14:00" in row


def test_a_daytime_activity_with_companions_is_not_higher_risk(client, feoa, make_candidate, make_activity):
    make_activity(make_candidate(), in_hours=2, companions=2)
    assert _risky(client) == []


def test_an_activity_after_dark_with_a_team_is_listed(client, feoa, make_candidate, make_activity, clock):
    # 16 March 2027: sunset in London is about 18:06 GMT, so 18:00–20:00 runs into the dark.
    clock.set(datetime(2027, 3, 16, 9, 0, tzinfo=UTC))
    make_activity(make_candidate(), in_hours=9, companions=3)
    (row,) = _risky(client)
    assert "After dark" in row and "team of 4" in row and "Going alone" not in row


def test_notes_are_never_shown(client, feoa, make_candidate, make_activity):
    make_activity(make_candidate(), notes="Do not knock at number 12: dog", area="Cotham")
    page = client.get("/feoa/").data.decode()
    assert "Do not knock" not in page and "number 12" not in page


def test_activities_beyond_48_hours_cancelled_or_in_other_forces_are_not_listed(
        client, feoa, make_candidate, make_activity, clock):
    make_activity(make_candidate("Far Future"), in_hours=49)
    cancelled = make_activity(make_candidate("Cancelled"), in_hours=5)
    cancelled.cancelled_at = clock.now()
    make_activity(make_candidate("Other Force", force=OTHER_FORCE), in_hours=5)
    make_activity(make_candidate("No Consent", consent=False), in_hours=5)
    from webapp.extensions import db

    db.session.commit()
    assert _risky(client) == []


def test_the_full_list_pages_through_every_higher_risk_activity(client, feoa, make_candidate, make_activity, app):
    app.config["FEOA_PAGE_SIZE"] = 2
    candidacy = make_candidate()
    for hours in (1, 4, 7):
        make_activity(candidacy, in_hours=hours)
    first = BeautifulSoup(client.get("/feoa/activities").data, "html.parser")
    assert len(first.select(".risky-activity")) == 2
    second = BeautifulSoup(client.get("/feoa/activities?page=2").data, "html.parser")
    assert len(second.select(".risky-activity")) == 1

