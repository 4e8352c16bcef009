"""A safety session on a phone (390×844): start, check in, countdown, end; SOS hold; offline check-in."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    PASSWORD,
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
)
from webapp.auth.session_versions import end_all_sessions
from webapp.extensions import db
from webapp.models.sessions import SafetySession

PERSON = {"name": "Alex Morgan", "mobile": "+447700900001", "emergency_contact_name": "Sam Morgan",
          "emergency_contact_mobile": "+447700900009"}


def start_session(page, until="11:00", share_location=False):
    page.goto("/sessions/new")
    page.get_by_label("Where are you going?").fill("Whiteladies Road")
    page.get_by_label("Until (finish time)").fill(until)
    page.get_by_label("Check in every (minutes)").fill("30")
    if share_location:
        page.get_by_label("Share my location").check()
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+$"))


def the_session() -> SafetySession:
    db.session.expire_all()
    return db.session.query(SafetySession).one()


def test_start_check_in_see_the_countdown_reset_and_end(page, signed_in_page, clock):
    signed_in_page("candidate", **PERSON)
    start_session(page)
    countdown = page.locator("#countdown")
    expect(countdown).to_have_text(re.compile(r"^(30:00|29:[0-5]\d) left$"))
    expect(page.locator("#who-heading")).to_be_visible()
    assert "Sam Morgan (emergency contact)" in page.locator("#who-heading + p, #who-heading ~ ol").first.inner_text() \
        or "Sam Morgan" in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "sessions-1-started")

    clock.advance(minutes=20)
    page.reload()
    expect(countdown).to_have_text(re.compile(r"^(10:00|9:[0-5]\d) left$"))
    page.get_by_role("button", name="I'm safe").click()
    expect(page.locator("#session-status")).to_contain_text("Checked in at 09:20")
    expect(countdown).to_have_text(re.compile(r"^(30:00|29:[0-5]\d) left$"))
    assert the_session().check_in_seq == 1
    screenshot(page, "sessions-2-checked-in")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="I'm finished and safe").click()
    expect(page.locator(".flash")).to_contain_text("Session ended")
    expect(page.locator("#session-state")).to_have_text("Ended")
    assert the_session().state == "ended"
    screenshot(page, "sessions-3-ended")


def test_a_session_started_from_the_bottom_of_the_form_opens_at_the_top_with_im_safe_in_view(
        page, signed_in_page):
    signed_in_page("candidate", **PERSON)
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto("/sessions/new")
    page.get_by_label("Where are you going?").fill("Whiteladies Road")
    page.get_by_label("Until (finish time)").fill("11:00")
    page.get_by_role("button", name="Start session").scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 0
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+$"))
    expect(page.get_by_role("button", name="I'm safe")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0


def test_holding_sos_shows_call_999_and_alerts_everyone(page, signed_in_page):
    signed_in_page("candidate", **PERSON)
    start_session(page)
    button = page.locator("#sos-button")
    button.click()  # a tap is not enough
    expect(page.locator("#sos-screen")).to_be_hidden()
    button.hover()
    page.mouse.down()
    expect(page.locator("#sos-screen")).to_be_visible(timeout=5_000)
    page.mouse.up()
    expect(page.locator("#sos-call")).to_have_attribute("href", "tel:999")
    expect(page.locator("#sos-status")).to_have_text("Your contacts have been alerted.")
    assert the_session().sos is True
    check_accessibility(page)
    screenshot(page, "sessions-4-sos")


def signed_out_elsewhere(user) -> None:
    """What "Sign out" on another device does: every session of the account ends."""
    end_all_sessions(db.session.merge(user))
    db.session.commit()


def test_sos_when_signed_out_on_another_device_says_call_999_and_never_that_contacts_were_alerted(
        page, signed_in_page):
    person = signed_in_page("candidate", **PERSON)
    start_session(page)
    signed_out_elsewhere(person)
    page.locator("#sos-button").hover()
    page.mouse.down()
    expect(page.locator("#sos-screen")).to_be_visible(timeout=5_000)
    page.mouse.up()
    expect(page.locator("#sos-status")).to_contain_text("You are not signed in on this phone")
    expect(page.locator("#sos-status")).to_contain_text("Call 999")
    expect(page.locator("#sos-call")).to_have_attribute("href", "tel:999")
    assert the_session().sos is False


def test_im_safe_when_signed_out_says_it_was_not_recorded_and_signing_in_returns_to_the_session(
        page, signed_in_page):
    person = signed_in_page("candidate", **PERSON)
    start_session(page)
    session_url = page.url
    signed_out_elsewhere(person)
    page.get_by_role("button", name="I'm safe").click()
    page.wait_for_url(re.compile(r"/sign-in\?next="))
    expect(page.locator(".flash")).to_contain_text("your check-in was not recorded")
    assert the_session().check_in_seq == 0
    screenshot(page, "sessions-signed-out-check-in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(session_url)
    expect(page.get_by_role("button", name="I'm safe")).to_be_visible()


def test_im_safe_with_no_signal_is_queued_and_sent_when_back_online(page, context, signed_in_page, clock):
    signed_in_page("candidate", **PERSON)
    start_session(page)
    clock.advance(minutes=10)
    context.set_offline(True)
    page.get_by_role("button", name="I'm safe").click()
    queued = page.locator("#check-in-queued")
    expect(queued).to_be_visible()
    expect(queued).to_contain_text("queued")
    assert the_session().check_in_seq == 0
    screenshot(page, "sessions-5-queued-offline")
    context.set_offline(False)
    expect(page.locator("#session-timeline")).to_contain_text("last check-in 09:10")
    assert the_session().check_in_seq == 1
    expect(queued).to_be_hidden()


def test_sos_with_no_signal_shows_999_and_says_the_alert_is_queued(page, context, signed_in_page):
    signed_in_page("candidate", **PERSON)
    start_session(page)
    context.set_offline(True)
    page.locator("#sos-button").hover()
    page.mouse.down()
    expect(page.locator("#sos-screen")).to_be_visible(timeout=5_000)
    page.mouse.up()
    expect(page.locator("#sos-status")).to_contain_text("queued")
    assert the_session().sos is False
    context.set_offline(False)
    expect(page.locator("#sos-status")).to_have_text("Your contacts have been alerted.")
    assert the_session().sos is True


@pytest.mark.parametrize("width", [360])
def test_the_session_page_fits_a_small_phone(page, signed_in_page, width):
    page.set_viewport_size({"width": width, "height": 740})
    signed_in_page("candidate", **PERSON)
    start_session(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "sessions-6-360px")


def test_an_alerted_companion_acknowledges_from_the_link_in_their_text(page, make_user, clock, app):
    from jobs.runner import tick_all
    from webapp.models import Activity, Companion, Message
    from webapp.sessions.lifecycle import start_session

    person = make_user("candidate", **PERSON)
    now = clock.now()
    activity = Activity(owner_id=person.id, kind="canvassing", starts_at=now, ends_at=now.replace(hour=12),
                        meeting_point="Clifton Library", area="Clifton",
                        companions=[Companion(name="Jo Patel", mobile="+447700900002")])
    db.session.add(activity)
    db.session.flush()
    start_session(person, expected_end_at=activity.ends_at, interval_minutes=30, activity=activity)
    db.session.commit()
    clock.advance(minutes=30)
    tick_all(app)
    clock.advance(minutes=10)
    tick_all(app)
    alert = db.session.query(Message).filter_by(template="session_alert").one()
    link = re.search(r"/sessions/alert/\S+", alert.body).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_contain_text("Alex Morgan")
    check_accessibility(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("What are you doing about it?").fill("Calling her now.")
    page.get_by_role("button", name="I'm handling this").click()
    expect(page.locator(".flash")).to_contain_text("Thank you, Jo Patel")
    expect(page.locator(".timeline")).to_contain_text("Alert acknowledged by Jo Patel: Calling her now.")
    screenshot(page, "sessions-7-acknowledge")


def test_sos_from_the_offline_page_is_queued_and_sent_when_back_online(page, context, signed_in_page):
    signed_in_page("candidate", **PERSON)
    start_session(page)
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto("/safety")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.locator("main a[href='tel:999']").first).to_be_visible()
    page.locator("#sos-button").hover()
    page.mouse.down()
    expect(page.locator("#sos-screen")).to_be_visible(timeout=5_000)
    page.mouse.up()
    expect(page.locator("#sos-status")).to_contain_text("queued")
    screenshot(page, "sessions-8-offline-page-sos")
    assert the_session().sos is False
    context.set_offline(False)
    expect(page.locator("#sos-status")).to_have_text("Your contacts have been alerted.")
    assert the_session().sos is True


def test_the_session_list_and_duress_pin_pages_pass_axe_on_a_phone(page, signed_in_page):
    signed_in_page("candidate", **PERSON)
    start_session(page)
    page.goto("/sessions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety sessions")
    check_accessibility(page)
    assert_no_horizontal_scroll(page)
    page.goto("/sessions/settings")
    page.get_by_label("New duress PIN").fill("12")
    page.get_by_label("Type the PIN again").fill("12")
    page.get_by_role("button", name="Save duress PIN").click()
    expect(page.locator("#pin-error")).to_contain_text("Use 4 to 8 digits")
    check_accessibility(page)
    screenshot(page, "sessions-9-duress-pin-error")
    page.get_by_label("New duress PIN").fill("2468")
    page.get_by_label("Type the PIN again").fill("2468")
    page.get_by_role("button", name="Save duress PIN").click()
    expect(page.locator(".flash")).to_contain_text("Duress PIN saved")
