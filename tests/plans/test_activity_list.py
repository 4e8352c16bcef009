"""The list of activities: upcoming first, past below, cancelled marked, filtered with or without htmx."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import soup
from webapp.extensions import db
from webapp.models import ActivityAttendee, TeamMembership
from webapp.plans.service import cancel_activity
from webapp.teams.access import ensure_candidate_team


def titles(page, heading_id):
    items = page.select(f"ul[aria-labelledby={heading_id}] li")
    return [(li.select_one("a").get_text(strip=True), li.select_one(".tag") is not None) for li in items]


@pytest.fixture
def three_activities(login_as, make_activity, clock):
    owner = login_as("candidate")
    now = clock.now()
    past = make_activity(owner, kind="stall", starts_at=now - timedelta(days=2))
    later = make_activity(owner, kind="hustings", starts_at=now + timedelta(days=5))
    sooner = make_activity(owner, kind="canvassing", starts_at=now + timedelta(days=1))
    return owner, past, sooner, later


@pytest.mark.both_databases
def test_upcoming_come_first_soonest_first_and_past_below(client, three_activities):
    page = soup(client.get("/activities"))
    assert titles(page, "upcoming-heading") == [("Door-to-door canvassing", False), ("Hustings", False)]
    assert titles(page, "past-heading") == [("Street stall", False)]
    headings = [h.get_text() for h in page.select("h2")]
    assert headings.index("Upcoming") < headings.index("Past")


def test_a_cancelled_activity_stays_in_the_list_marked_cancelled(client, three_activities):
    _, _, sooner, _ = three_activities
    cancel_activity(sooner)
    db.session.commit()
    page = soup(client.get("/activities"))
    assert titles(page, "upcoming-heading")[0] == ("Door-to-door canvassing", True)
    assert page.select_one("ul[aria-labelledby=upcoming-heading] .tag-danger").get_text() == "Cancelled"


@pytest.mark.both_databases
def test_filtering_by_kind_without_javascript_renders_the_whole_page(client, three_activities):
    page = soup(client.get("/activities?kind=hustings"))
    assert page.select_one("h1") is not None
    assert titles(page, "upcoming-heading") == [("Hustings", False)]
    assert page.select_one("#kind option[selected]")["value"] == "hustings"


def test_filtering_with_htmx_returns_just_the_list_fragment(hx, three_activities):
    response = hx.get("/activities?kind=stall", target="activity-list")
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    fragment = soup(response)
    assert fragment.select_one("h1") is None
    assert fragment.select_one("#activity-list") is not None
    assert titles(fragment, "past-heading") == [("Street stall", False)]


def test_a_boosted_navigation_to_the_list_gets_the_whole_page(client, three_activities):
    response = client.get("/activities", headers={"HX-Request": "true", "HX-Boosted": "true",
                                                  "HX-Target": "activity-list"})
    assert soup(response).select_one("h1") is not None


def test_the_filter_form_pushes_its_url_and_targets_the_list(client, three_activities):
    form = soup(client.get("/activities")).select_one("form[role=search]")
    assert form["method"] == "get" and form["hx-get"] == "/activities"
    assert form["hx-target"] == "#activity-list" and form["hx-push-url"] == "true"


@pytest.mark.both_databases
def test_filtering_by_dates_uses_uk_days(client, login_as, make_activity):
    owner = login_as("candidate")
    # 23:30 UTC on 9 April is 00:30 BST on 10 April.
    make_activity(owner, kind="leafleting", starts_at=datetime(2027, 4, 9, 23, 30, tzinfo=UTC),
                  ends_at=datetime(2027, 4, 10, 1, tzinfo=UTC))
    make_activity(owner, kind="surgery", starts_at=datetime(2027, 4, 12, 9, tzinfo=UTC))
    page = soup(client.get("/activities?date_from=2027-04-10&date_to=2027-04-10"))
    assert titles(page, "upcoming-heading") == [("Leafleting", False)]
    page = soup(client.get("/activities?date_from=2027-04-11"))
    assert titles(page, "upcoming-heading") == [("Surgery", False)]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("kind=rocket", "kind", "Choose one of the options listed."),
        ("date_from=yesterday", "date_from", "Enter a real date"),
        ("date_to=2027-13-01", "date_to", "Enter a real date"),
        ("date_from=2027-04-10&date_to=2027-04-01", "date_to", "on or after"),
        ("date_from=" + "9" * 3000, "date_from", "Enter a real date"),
    ],
)
def test_a_bad_filter_is_explained_beside_its_field(hx, three_activities, query, field, message):
    response = hx.get(f"/activities?{query}", target="activity-list")
    assert response.status_code == 422
    assert message in soup(response).select_one(f"#{field}-error").get_text()


@pytest.mark.parametrize("page_number", ["0", "-3", "abc", "99999999999999999999", "2"])
def test_odd_page_numbers_never_fail(client, three_activities, page_number):
    assert client.get(f"/activities?page={page_number}").status_code == 200


@pytest.mark.both_databases
def test_the_past_is_paged_ten_at_a_time(client, login_as, make_activity, clock):
    owner = login_as("candidate")
    for day in range(1, 16):
        make_activity(owner, starts_at=clock.now() - timedelta(days=day))
    first = soup(client.get("/activities"))
    assert len(first.select("ul[aria-labelledby=past-heading] li")) == 10
    older = first.select_one("a[href*='page=2']")
    second = soup(client.get(older["href"]))
    assert len(second.select("ul[aria-labelledby=past-heading] li")) == 5
    assert second.select_one("a[href*='page=1']").get_text() == "Newer"


@pytest.mark.both_databases
def test_only_the_next_twenty_upcoming_are_listed_with_a_hint_to_narrow_the_dates(client, login_as,
                                                                                  make_activity, clock):
    owner = login_as("candidate")
    for day in range(1, 23):
        make_activity(owner, starts_at=clock.now() + timedelta(days=day))
    page = soup(client.get("/activities"))
    assert len(page.select("ul[aria-labelledby=upcoming-heading] li")) == 20
    assert "Showing the next 20" in page.get_text()


def test_someone_with_no_plans_is_invited_to_make_one(client, login_as):
    login_as("candidate")
    page = soup(client.get("/activities"))
    empty = page.select_one(".empty")
    assert "not planned any activities yet" in empty.get_text()
    assert page.select_one("form[role=search]") is None, "nothing to filter yet"
    assert empty.select_one("a[href='/activities/new']") is not None


def test_a_filter_that_matches_nothing_says_so(client, three_activities):
    empty = soup(client.get("/activities?kind=surgery")).select_one(".empty")
    assert "No activities match this filter." in empty.get_text()


def test_the_list_shows_only_your_own_activities(client, make_user, sign_in, make_activity):
    make_activity(make_user("candidate"), kind="hustings")
    sign_in(make_user("candidate"))
    page = soup(client.get("/activities"))
    assert page.select("ul.list li") == []


@pytest.mark.both_databases
def test_each_row_counts_who_is_going_along_and_says_alone_when_nobody_is(client, login_as, make_user, make_activity,
                                                                          clock):
    owner = login_as("candidate")
    now = clock.now()
    with_people = make_activity(owner, kind="canvassing", starts_at=now + timedelta(days=1),
                                companions=[("Sam", "+447911123457"), ("Priya", "")])
    make_activity(owner, kind="stall", starts_at=now + timedelta(days=2))
    coming, not_coming = make_user("team_member"), make_user("team_member")
    db.session.add_all([ActivityAttendee(activity_id=with_people.id, user_id=coming.id, response="going"),
                        ActivityAttendee(activity_id=with_people.id, user_id=not_coming.id, response="not_going")])
    db.session.commit()

    rows = soup(client.get("/activities")).select("ul[aria-labelledby=upcoming-heading] li")
    summaries = [" ".join(row.get_text(" ", strip=True).split()) for row in rows]
    assert "3 going along" in summaries[0]
    assert summaries[1].endswith("Alone")


@pytest.mark.both_databases
def test_a_team_member_sees_their_candidates_plans_in_the_list_and_on_the_dashboard_but_no_one_elses(
        client, sign_in, make_user, make_activity, clock):
    candidate, stranger = make_user("candidate"), make_user("candidate")
    member = make_user("team_member")
    db.session.add(TeamMembership(team=ensure_candidate_team(candidate), user=member, role="member"))
    db.session.commit()
    make_activity(candidate, kind="hustings", starts_at=clock.now() + timedelta(days=2))
    make_activity(stranger, kind="leafleting", starts_at=clock.now() + timedelta(days=1))
    make_activity(stranger, kind="surgery", starts_at=clock.now() - timedelta(days=1))
    sign_in(member)
    page = soup(client.get("/activities"))
    assert titles(page, "upcoming-heading") == [("Hustings", False)]
    assert titles(page, "past-heading") == []
    home = soup(client.get("/")).select_one("section[aria-labelledby=next-heading]")
    assert home.select_one("a").get_text() == "Hustings"


@pytest.mark.both_databases
def test_a_team_members_list_and_plan_page_say_whose_campaign_a_plan_belongs_to(
        client, sign_in, make_user, make_activity, clock):
    candidate = make_user("candidate", name="Alex Morgan")
    member = make_user("team_member", name="Sam Patel")
    db.session.add(TeamMembership(team=ensure_candidate_team(candidate), user=member, role="member"))
    db.session.commit()
    theirs = make_activity(candidate, kind="hustings", starts_at=clock.now() + timedelta(days=2))
    make_activity(member, kind="leafleting", starts_at=clock.now() + timedelta(days=1))

    def rows_and_campaign_page(person):
        sign_in(person)
        rows = soup(client.get("/activities")).select("ul[aria-labelledby=upcoming-heading] li")
        summary = soup(client.get(f"/activities/{theirs.id}")).select_one("dl.summary").get_text(" ", strip=True)
        return [row.get_text(" ", strip=True) for row in rows], summary

    rows, summary = rows_and_campaign_page(member)
    assert [("Leafleting" in row, "campaign" in row) for row in rows] == [(True, False), (False, True)]
    assert "Alex Morgan's campaign" in rows[1]
    assert "Campaign Alex Morgan" in summary
    rows, summary = rows_and_campaign_page(candidate)
    assert len(rows) == 1 and "campaign" not in rows[0]
    assert "Campaign" not in summary
