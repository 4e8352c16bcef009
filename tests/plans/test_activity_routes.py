"""Planning, viewing, changing and cancelling an activity through the pages."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.helpers import soup
from webapp.extensions import db
from webapp.models import Activity


def count_activities():
    return db.session.scalar(select(func.count(Activity.id)))


def test_planning_an_activity_stores_it_in_utc_and_shows_it(client, login_as, activity_form):
    owner = login_as("candidate")
    response = client.post("/activities/new", data=activity_form())
    assert response.status_code == 303
    activity = db.session.scalar(select(Activity))
    assert response.headers["Location"].endswith(f"/activities/{activity.id}")
    assert activity.owner_id == owner.id
    assert activity.starts_at == datetime(2027, 3, 18, 10, tzinfo=UTC)
    assert activity.postcode == "BS8 2BX"
    assert [(c.name, c.mobile) for c in activity.companions] == [("Sam Volunteer", "+447911123457")]
    page = soup(client.get(f"/activities/{activity.id}"))
    assert page.select_one("h1").get_text(strip=True) == "Door-to-door canvassing"
    assert "Thu 18 Mar 2027, 10:00" in page.select_one("dl.summary").get_text()


def test_planning_with_htmx_answers_with_the_new_location(hx, login_as, activity_form):
    login_as("candidate")
    response = hx.post("/activities/new", target="activity-form", data=activity_form())
    assert response.status_code == 200
    activity = db.session.scalar(select(Activity))
    assert response.headers["HX-Location"] == f"/activities/{activity.id}"


def test_the_new_activity_form_offers_three_companion_rows(client, login_as):
    login_as("candidate")
    page = soup(client.get("/activities/new"))
    assert page.select_one("#companions-2-name") is not None
    assert page.select_one("#companions-3-name") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "", "Choose what kind of activity this is."),
        ("kind", "rocket-launch", "Choose one of the options listed."),
        ("day", "", "Enter the date of the activity."),
        ("day", "31/02/2027", "Enter a real date"),
        ("day", "tomorrow", "Enter a real date"),
        ("day", "2" * 5000, "Enter a real date"),
        ("start_time", "", "Enter the start time."),
        ("start_time", "25:00", "Enter a time in 24-hour format"),
        ("end_time", "", "Enter the end time."),
        ("end_time", "half past", "Enter a time in 24-hour format"),
        ("end_time", "09:00", "The end must be after the start."),
        ("end_time", "10:00", "The end must be after the start."),
        ("end_day", "not-a-date", "Enter a real date"),
        ("end_day", "2027-03-20", "at most 24 hours"),
        ("end_day", "2027-03-17", "The end must be after the start."),
        ("meeting_point", "", "Enter where you will meet"),
        ("meeting_point", "   ", "Enter where you will meet"),
        ("meeting_point", "x" * 201, "200 characters or fewer"),
        ("area", "x" * 201, "200 characters or fewer"),
        ("postcode", "12345", "Enter a UK postcode"),
        ("postcode", "BS8", "Enter a UK postcode"),
        ("postcode", "x" * 11, "10 characters or fewer"),
        ("companions-0-mobile", "0117 496 0123", "landline"),
        ("companions-0-mobile", "09098 790000", "premium-rate"),
        ("companions-0-mobile", "0791112345", "too short"),
        ("companions-0-mobile", "7" * 31, "30 characters or fewer"),
        ("companions-0-name", "", "Enter this person's name"),
        ("companions-0-name", "x" * 101, "100 characters or fewer"),
        ("notes", "x" * 2001, "2000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_the_rest_is_kept(hx, login_as, activity_form, field, value,
                                                                      message):
    login_as("candidate")
    response = hx.post("/activities/new", target="activity-form", data=activity_form(**{field: value}))
    assert response.status_code == 422
    fragment = soup(response)
    assert fragment.select_one("h1") is None, "htmx gets only the form fragment"
    error = fragment.select_one(f"#{field}-error")
    assert error is not None and message in error.get_text()
    assert fragment.select_one(f"#{field}").get("aria-invalid") == "true"
    if field != "meeting_point":
        assert fragment.select_one("#meeting_point")["value"] == "Clifton Library"
    if field != "companions-0-name":
        assert fragment.select_one("#companions-0-name")["value"] == "Sam Volunteer"
    if field != "notes":
        assert fragment.select_one("#notes").get_text().strip() == "Skip the do-not-knock houses on Pembroke Road."
    assert count_activities() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("kind", "", "Choose what kind"), ("postcode", "NOTCODE", "Enter a UK postcode"),
     ("start_time", "7pm", "Enter a time")],
)
def test_without_javascript_bad_input_re_renders_the_whole_page(client, login_as, activity_form, field, value,
                                                                message):
    login_as("candidate")
    response = client.post("/activities/new", data=activity_form(**{field: value}))
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Plan an activity"
    assert message in page.select_one(".error-summary").get_text()
    assert message in page.select_one(f"#{field}-error").get_text()
    assert page.select_one("#area")["value"] == "Clifton Down and Pembroke Road"


def test_the_hour_skipped_when_the_clocks_go_forward_is_refused(hx, login_as, activity_form):
    login_as("candidate")
    data = activity_form(day="2027-03-28", start_time="01:30", end_time="03:00")
    response = hx.post("/activities/new", target="activity-form", data=data)
    assert response.status_code == 422
    assert "does not exist" in soup(response).select_one("#start_time-error").get_text()
    assert count_activities() == 0


def test_an_activity_past_midnight_needs_its_end_date(client, login_as, activity_form):
    login_as("candidate")
    response = client.post("/activities/new", data=activity_form(start_time="22:00", end_time="01:00"))
    assert response.status_code == 422
    assert "enter the end date too" in soup(response).select_one("#end_time-error").get_text()
    response = client.post("/activities/new",
                           data=activity_form(start_time="22:00", end_time="01:00", end_day="2027-03-19"))
    assert response.status_code == 303
    activity = db.session.scalar(select(Activity))
    assert activity.ends_at == datetime(2027, 3, 19, 1, tzinfo=UTC)


def test_empty_companion_rows_are_ignored_and_eleven_rows_keep_only_ten(client, login_as, activity_form):
    login_as("candidate")
    extra = {f"companions-{i}-name": f"Helper {i}" for i in range(11)}
    response = client.post("/activities/new", data=activity_form(**extra))
    assert response.status_code == 303
    activity = db.session.scalar(select(Activity))
    assert len(activity.companions) == 10


def test_editing_shows_the_stored_values_in_uk_time_and_saves_changes(client, login_as, make_activity,
                                                                      activity_form):
    owner = login_as("candidate")
    # 16 April 2027 is in BST: 09:00 UTC is 10:00 in London.
    activity = make_activity(owner, starts_at=datetime(2027, 4, 16, 9, tzinfo=UTC), companions=[("Kim", None)])
    page = soup(client.get(f"/activities/{activity.id}/edit"))
    assert page.select_one("#day")["value"] == "2027-04-16"
    assert page.select_one("#start_time")["value"] == "10:00"
    assert page.select_one("#companions-0-name")["value"] == "Kim"
    assert page.select_one("#companions-2-name") is not None
    response = client.post(f"/activities/{activity.id}/edit",
                           data=activity_form(day="2027-04-16", start_time="18:00", end_time="20:30",
                                              **{"companions-0-name": "", "companions-0-mobile": ""}))
    assert response.status_code == 303
    db.session.refresh(activity)
    assert activity.starts_at == datetime(2027, 4, 16, 17, tzinfo=UTC)
    assert activity.companions == []


def test_bad_input_when_editing_changes_nothing(hx, login_as, make_activity, activity_form):
    owner = login_as("candidate")
    activity = make_activity(owner)
    response = hx.post(f"/activities/{activity.id}/edit", target="activity-form",
                       data=activity_form(meeting_point="", end_time="09:00"))
    assert response.status_code == 422
    db.session.refresh(activity)
    assert activity.meeting_point == "Clifton Library"


def test_cancelling_without_javascript_marks_the_activity_cancelled(client, login_as, make_activity):
    owner = login_as("candidate")
    activity = make_activity(owner)
    response = client.post(f"/activities/{activity.id}/cancel")
    assert response.status_code == 303
    db.session.refresh(activity)
    assert activity.is_cancelled
    page = soup(client.get(f"/activities/{activity.id}"))
    assert page.select_one(".tag-danger").get_text(strip=True) == "Cancelled"
    assert page.select_one("a[href$='/edit']") is None


def test_cancelling_with_htmx_delete_marks_it_cancelled_and_goes_to_the_activity(hx, login_as, make_activity):
    owner = login_as("candidate")
    activity = make_activity(owner)
    response = hx.delete(f"/activities/{activity.id}")
    assert response.status_code == 200
    assert response.headers["HX-Location"] == f"/activities/{activity.id}"
    db.session.refresh(activity)
    assert activity.is_cancelled


def test_the_cancel_button_asks_for_confirmation_and_works_both_ways(client, login_as, make_activity):
    owner = login_as("candidate")
    activity = make_activity(owner)
    form = soup(client.get(f"/activities/{activity.id}")).select_one("form[data-confirm]")
    assert form["action"] == f"/activities/{activity.id}/cancel"
    assert form["hx-delete"] == f"/activities/{activity.id}"
    assert "Cancel this activity?" in form["data-confirm"]


def test_a_cancelled_activity_cannot_be_edited(client, login_as, make_activity, activity_form):
    owner = login_as("candidate")
    activity = make_activity(owner)
    client.post(f"/activities/{activity.id}/cancel")
    response = client.post(f"/activities/{activity.id}/edit", data=activity_form(meeting_point="Elsewhere"))
    assert response.status_code == 303
    db.session.refresh(activity)
    assert activity.meeting_point == "Clifton Library"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/activities/{id}"), ("get", "/activities/{id}/edit"), ("post", "/activities/{id}/edit"),
     ("post", "/activities/{id}/cancel"), ("delete", "/activities/{id}")],
)
def test_another_persons_activity_is_not_found_and_unchanged(client, make_user, sign_in, make_activity,
                                                              activity_form, method, path):
    other = make_user("candidate")
    activity = make_activity(other)
    sign_in(make_user("candidate"))
    response = getattr(client, method)(path.format(id=activity.id), data=activity_form(meeting_point="Mine now"))
    assert response.status_code == 404
    db.session.refresh(activity)
    assert activity.meeting_point == "Clifton Library" and not activity.is_cancelled


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/activities/999999"), ("get", "/activities/999999/edit"), ("post", "/activities/999999/cancel"),
     ("delete", "/activities/999999"), ("get", "/activities/abc"), ("get", "/activities/-1")],
)
def test_unknown_activities_are_not_found(client, login_as, method, path):
    login_as("candidate")
    assert getattr(client, method)(path).status_code == 404


@pytest.mark.parametrize("role", ["feoa", "election_office", "admin"])
def test_people_who_do_not_campaign_cannot_plan_or_see_activities(client, login_as, make_user, make_activity, role):
    activity = make_activity(make_user("candidate"))
    login_as(role)
    assert client.get("/activities").status_code == 404
    assert client.get("/activities/new").status_code == 404
    assert client.get(f"/activities/{activity.id}").status_code == 404


def test_a_team_member_can_plan_their_own_activity(client, login_as, activity_form):
    login_as("team_member")
    assert client.post("/activities/new", data=activity_form()).status_code == 303


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/activities/new")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("key", ["companions-abc-name", "companions-99999999999999999999-name", "companions--name",
                                 "companions-0-name-extra"])
def test_tampered_companion_fields_never_fail(client, login_as, activity_form, key):
    login_as("candidate")
    response = client.post("/activities/new", data=activity_form(**{key: "Someone"}))
    assert response.status_code in (303, 422)


def test_the_error_summary_names_the_person_whose_row_is_wrong(hx, login_as, activity_form):
    login_as("candidate")
    response = hx.post("/activities/new", target="activity-form", data=activity_form(**{
        "companions-0-mobile": "0117 496 0123", "companions-1-name": "", "companions-1-mobile": "07911 123458"}))
    assert response.status_code == 422
    summary = [item.get_text(" ", strip=True) for item in soup(response).select(".error-summary li")]
    assert any(line.startswith("Person 1:") and "landline" in line for line in summary), summary
    assert any(line.startswith("Person 2:") and "name" in line for line in summary), summary
