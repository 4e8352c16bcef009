"""Private calendar feeds: valid iCalendar, right Europe/London times across DST, no notes, secret rotation."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from webapp.timeutil import LONDON, london_to_utc

# The clocks go forward on Sunday 28 March 2027.
BEFORE_CHANGE = london_to_utc(datetime(2027, 3, 27, 10, 0))  # 10:00 GMT = 10:00 UTC
AFTER_CHANGE = london_to_utc(datetime(2027, 3, 29, 10, 0))  # 10:00 BST = 09:00 UTC


def _new_feed_url(client, include_meeting_point=True) -> str:
    data = {"include_meeting_point": "y"} if include_meeting_point else {}
    page = BeautifulSoup(client.post("/calendar", data=data).data, "html.parser")
    return page.select_one("#feed-url")["value"].replace("http://campaignsafe.test", "")


def _events(response):
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return {str(e["UID"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


@pytest.mark.both_databases
def test_feed_times_are_right_on_both_sides_of_the_clock_change(client, login_as, make_activity):
    candidate = login_as("candidate")
    spring = make_activity(candidate, starts_at=BEFORE_CHANGE)
    summer = make_activity(candidate, starts_at=AFTER_CHANGE)
    events = _events(client.get(_new_feed_url(client)))
    start_spring = events[f"activity-{spring.id}@campaignsafe"]["DTSTART"].dt
    start_summer = events[f"activity-{summer.id}@campaignsafe"]["DTSTART"].dt
    assert start_spring == datetime(2027, 3, 27, 10, 0, tzinfo=UTC)
    assert start_summer == datetime(2027, 3, 29, 9, 0, tzinfo=UTC)
    assert start_spring.astimezone(LONDON).strftime("%H:%M") == "10:00"
    assert start_summer.astimezone(LONDON).strftime("%H:%M") == "10:00"
    assert events[f"activity-{summer.id}@campaignsafe"]["DTEND"].dt.astimezone(LONDON).strftime("%H:%M") == "12:00"


def test_the_feed_leaves_out_notes_and_optionally_the_meeting_point(client, login_as, make_activity):
    candidate = login_as("candidate")
    activity = make_activity(candidate, notes="Key safe code 1234")
    with_point = client.get(_new_feed_url(client, include_meeting_point=True))
    assert "Key safe code" not in with_point.get_data(as_text=True)
    event = _events(with_point)[f"activity-{activity.id}@campaignsafe"]
    assert "post box" in str(event["LOCATION"])
    without_point = client.get(_new_feed_url(client, include_meeting_point=False))
    event = _events(without_point)[f"activity-{activity.id}@campaignsafe"]
    assert "post box" not in without_point.get_data(as_text=True)
    assert str(event["LOCATION"]) == activity.area
    assert "DESCRIPTION" not in event


def test_making_a_new_address_stops_the_old_one_at_once(client, login_as, make_activity):
    login_as("candidate")
    old = _new_feed_url(client)
    assert client.get(old).status_code == 200
    new = _new_feed_url(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_only_a_hash_of_the_secret_is_stored(client, login_as):
    from webapp.extensions import db
    from webapp.models import CalendarFeed
    login_as("candidate")
    url = _new_feed_url(client)
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.query(CalendarFeed).one()
    assert secret not in stored.token_hash and len(stored.token_hash) == 64


def test_the_calendar_page_does_not_show_the_address_again(client, login_as):
    login_as("candidate")
    _new_feed_url(client)
    page = BeautifulSoup(client.get("/calendar").data, "html.parser")
    assert page.select_one("#feed-url") is None
    assert "You have a calendar address" in page.text


def test_a_cancelled_activity_is_marked_cancelled_in_the_feed(client, clock, login_as, make_activity):
    candidate = login_as("candidate")
    activity = make_activity(candidate, cancelled_at=clock.now())
    event = _events(client.get(_new_feed_url(client)))[f"activity-{activity.id}@campaignsafe"]
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_single_activity_downloads_as_an_ics_file(client, login_as, make_activity):
    candidate = login_as("candidate")
    activity = make_activity(candidate, starts_at=AFTER_CHANGE)
    response = client.get(f"/activities/{activity.id}/calendar.ics")
    assert "attachment" in response.headers["Content-Disposition"]
    event = _events(response)[f"activity-{activity.id}@campaignsafe"]
    assert event["DTSTART"].dt.astimezone(LONDON).hour == 10
    assert "Bring leaflets" not in response.get_data(as_text=True)


def test_a_new_address_comes_with_one_tap_subscribe_links_and_a_copy_button(client, login_as):
    login_as("candidate")
    page = BeautifulSoup(client.post("/calendar", data={}).data, "html.parser")
    url = page.select_one("#feed-url")["value"]
    webcal = page.select_one("#subscribe-webcal")["href"]
    assert webcal == url.replace("http://", "webcal://")
    google = page.select_one("#subscribe-google")
    assert google.get_text(strip=True) == "Add to Google Calendar"
    assert google["href"].startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F")
    assert page.select_one("button[data-copy=feed-url]") is not None


def test_the_meeting_point_is_left_out_unless_asked_for(client, login_as):
    login_as("candidate")
    box = BeautifulSoup(client.get("/calendar").data, "html.parser").select_one("#include_meeting_point")
    assert not box.has_attr("checked")


def test_turning_the_feed_off_stops_its_address_at_once(client, login_as, make_activity):
    from webapp.extensions import db
    from webapp.models import CalendarFeed
    login_as("candidate")
    url = _new_feed_url(client)
    assert client.get(url).status_code == 200
    page = BeautifulSoup(client.get("/calendar").data, "html.parser")
    assert page.select_one("#feed-off-form button").get_text(strip=True) == "Turn the feed off"
    response = client.post("/calendar/off", follow_redirects=True)
    assert "Your calendar feed is off" in response.get_data(as_text=True)
    assert client.get(url).status_code == 404
    assert db.session.query(CalendarFeed).count() == 0
    page = BeautifulSoup(client.get("/calendar").data, "html.parser")
    assert page.select_one("#feed-off-form") is None and "not made a calendar address" in page.text
