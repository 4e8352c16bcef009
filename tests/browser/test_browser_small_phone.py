"""On a small phone (360×640) in the street: SOS in reach, a navigation that leaves room, the pledge from home."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_horizontal_scroll, check_accessibility, screenshot
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.sessions import lifecycle

SMALL_PHONE = {"width": 360, "height": 640}
PERSON = {"name": "Alex Morgan", "mobile": "+447911123456", "emergency_contact_name": "Sam Morgan",
          "emergency_contact_mobile": "+447911123457"}


@pytest.fixture
def small_page(page):
    page.set_viewport_size(SMALL_PHONE)
    return page


def a_session_with_a_long_timeline(user, clock):
    session = lifecycle.start_session(user, expected_end_at=utcnow().replace(hour=20), interval_minutes=15,
                                      place="Whiteladies Road")
    db.session.commit()
    for _ in range(12):
        clock.advance(minutes=10)
        lifecycle.check_in(session.id, how="button")
        db.session.commit()
    return session


def assert_in_first_screen(page, locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PHONE["height"], \
        f"{locator} is at y={box['y']:.0f}–{box['y'] + box['height']:.0f}, outside the first 640 px"
    assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"]


def test_im_safe_999_and_sos_are_in_the_first_screen_of_a_session_with_a_long_timeline(
        small_page, signed_in_page, clock):
    page = small_page
    user = signed_in_page("candidate", **PERSON)
    session = a_session_with_a_long_timeline(user, clock)
    page.goto(f"/sessions/{session.id}")
    assert page.locator(".timeline li").count() >= 12
    screenshot(page, "small-phone-session-long-timeline")
    assert_in_first_screen(page, page.get_by_role("button", name="I'm safe"))
    assert_in_first_screen(page, page.get_by_role("link", name="Call 999").first)
    assert_in_first_screen(page, page.get_by_role("button", name="Hold for SOS"))
    assert_no_horizontal_scroll(page)
    check_accessibility(page)

    page.get_by_role("button", name="I'm safe").click()
    expect(page.locator("#session-status")).to_contain_text("Checked in at")
    assert page.locator(".timeline li").count() >= 13  # the timeline below followed the check-in
    assert_in_first_screen(page, page.get_by_role("button", name="Hold for SOS"))


def test_the_dashboards_running_session_card_puts_im_safe_999_and_sos_in_the_first_screen(
        small_page, signed_in_page, clock):
    page = small_page
    user = signed_in_page("candidate", **PERSON)
    a_session_with_a_long_timeline(user, clock)
    page.goto("/")
    screenshot(page, "small-phone-dashboard-running-session")
    assert_in_first_screen(page, page.get_by_role("button", name="I'm safe"))
    expect(page.locator("main a.button:visible", has_text="Call 999")).to_have_count(1)  # not two stacked
    assert_in_first_screen(page, page.get_by_role("link", name="Call 999").first)
    assert_in_first_screen(page, page.get_by_role("button", name="Hold for SOS"))
    assert_no_horizontal_scroll(page)
    check_accessibility(page)


@pytest.mark.parametrize("role", ["candidate", "team_member", "election_office", "feoa", "admin"])
def test_the_navigation_is_one_row_on_a_small_phone_with_the_rest_under_more(small_page, signed_in_page, role):
    page = small_page
    signed_in_page(role)
    page.goto("/profile")
    nav = page.get_by_role("navigation", name="Main")
    box = nav.bounding_box()
    assert box["height"] <= 64, f"the navigation is {box['height']:.0f} px tall at 360 px"
    assert_no_horizontal_scroll(page)
    more = nav.get_by_text("More", exact=True)
    expect(nav.get_by_role("link", name="Profile")).to_be_hidden()
    more.focus()
    page.keyboard.press("Enter")  # the disclosure opens from the keyboard, no JavaScript of ours involved
    expect(nav.get_by_role("link", name="Profile")).to_be_visible()
    expect(nav.get_by_role("link", name="Profile")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    check_accessibility(page)
    screenshot(page, f"small-phone-nav-{role}-more-open")
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Profile")).to_be_hidden()


def test_a_wide_screen_shows_every_link_and_no_more(page, signed_in_page):
    page.set_viewport_size({"width": 1024, "height": 768})
    signed_in_page("candidate")
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Home", "Plans", "Check-ins", "Incidents", "Safety", "Team", "Civility Pledge", "Profile", "Messages"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    expect(nav.get_by_text("More", exact=True)).to_be_hidden()
    assert nav.bounding_box()["height"] <= 64
    screenshot(page, "wide-nav-candidate")


def test_the_pledge_is_one_tap_from_the_dashboard_and_says_so_once_signed(small_page, signed_in_page):
    page = small_page
    signed_in_page("candidate", name="Priya Shah")
    page.goto("/")
    screenshot(page, "small-phone-dashboard-pledge-card")
    page.get_by_role("link", name="Read and sign the Civility Pledge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Civility Pledge")
    page.locator("#agree").check()
    page.get_by_role("button", name="Sign the pledge").click()
    expect(page.locator("#pledge-status")).to_be_visible()
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_text("You signed the Civility Pledge.")).to_be_visible()
    expect(page.get_by_role("link", name="Read and sign the Civility Pledge")).to_have_count(0)
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "small-phone-dashboard-pledge-signed")


def test_a_too_large_evidence_file_is_refused_before_upload_and_nothing_typed_is_lost(small_page, signed_in_page):
    page = small_page
    signed_in_page("candidate")
    page.goto("/incidents/new")
    expect(page.locator("#evidence-hint")).to_contain_text("Up to 8 MB a file")
    page.get_by_label("What kind of incident?").select_option("in_person")
    page.get_by_label("Where?").fill("Whiteladies Road")
    page.get_by_label("What happened?").fill("A man shouted threats at our stall.")
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.url) if request.method == "POST" else None)
    files = page.get_by_label("Photos, screenshots or PDFs (optional)")
    files.set_input_files({"name": "video.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8" + b"\x00" * (9 * 1024 * 1024)})
    error = page.locator("#evidence-field .error-message")
    expect(error).to_contain_text("“video.jpg” is 9 MB: the limit is 8 MB a file")
    assert files.evaluate("input => input.files.length") == 0  # taken off the field, so it is never sent
    assert page.get_by_label("Where?").input_value() == "Whiteladies Road"
    assert page.get_by_label("What happened?").input_value() == "A man shouted threats at our stall."
    assert uploads == []
    check_accessibility(page)
    screenshot(page, "small-phone-incident-file-too-large")


def test_every_page_this_issue_touched_fits_360_px_and_passes_axe(small_page, signed_in_page, make_user, clock):
    from datetime import timedelta

    from webapp.models import Activity, DoNotKnockNote, TeamMembership
    from webapp.pledge import signing
    from webapp.teams.access import ensure_candidate_team

    page = small_page
    candidate = signed_in_page("candidate", name="Priya Shah", mobile="+447911123456")
    team = ensure_candidate_team(candidate)
    member = make_user("team_member", name="Sam Patel")
    db.session.add(TeamMembership(team=team, user=member, role="member"))
    tomorrow = Activity(owner_id=candidate.id, kind="canvassing", starts_at=clock.now() + timedelta(days=1, hours=8),
                        ends_at=clock.now() + timedelta(days=1, hours=10), meeting_point="Outside number 1",
                        area="Royal York Crescent, Clifton")
    db.session.add(tomorrow)
    for street in ("12 Royal York Crescent – Dog", "Zetland Road"):
        db.session.add(DoNotKnockNote(team=team, street=street, reason="dog", details="", added_by_id=member.id))
    signature = signing.sign(candidate, "Priya Shah", public=True)
    db.session.commit()
    day = (clock.now() + timedelta(days=1)).date().isoformat()
    pages = {
        "plan-with-team-notes": f"/activities/{tomorrow.id}",
        "session-not-yet": f"/sessions/new?activity={tomorrow.id}",
        "my-activities": "/my-activities",
        "day-plan": f"/my-activities/{day}/print",
        "plans-list-filter": "/activities",
        "team-page": f"/teams/{team.id}",
        "profile": "/profile",
        "reminder-settings": "/settings/reminders",
        "incident-log": "/incidents",
        "where-to-report": "/incidents/where-to-report",
        "safety": "/safety",
        "pledge-signed": "/pledge",
        "pledge-share": f"/pledge/card/{signature.id}",
        "calendar": "/calendar",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, url
        if name == "plan-with-team-notes":
            page.get_by_text("Team notes for other streets (1)").click()
        if name == "calendar":
            page.get_by_role("button", name="Make my calendar address").click()
            expect(page.get_by_role("link", name="Add to Google Calendar")).to_be_visible()
            expect(page.get_by_role("button", name="Copy the address")).to_be_visible()
        assert_no_horizontal_scroll(page)
        check_accessibility(page)
        screenshot(page, f"small-phone-{name}")
