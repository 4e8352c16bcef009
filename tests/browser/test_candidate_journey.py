"""A candidate's journey on a phone: register, fill in the profile, plan an activity, see it on the
dashboard with its safety prompts, change it, cancel it — with a validation error shown and fixed,
an axe check and a screenshot on every page."""

from datetime import UTC, datetime

from sqlalchemy import select

from tests.browser.helpers import (
    SCREENSHOTS,
    assert_no_horizontal_scroll,
    check_accessibility,
    finish_registration,
    submit_registration,
)
from webapp.extensions import db
from webapp.models import Activity, User
from webapp.plans.service import create_activity


def app_errors(page) -> list[str]:
    """Console errors, less the one the browser logs for each (expected) 422 form answer."""
    return [e for e in page.console_errors if "status of 422" not in e]


def checked(page, name: str) -> None:
    """The checks every page of the journey gets: no console errors, no sideways scrolling, axe-core,
    and a screenshot under test-artifacts/screenshots/ to look at."""
    assert app_errors(page) == []
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret injects a <style>, which the CSP (rightly) reports.
    page.screenshot(path=str(SCREENSHOTS / f"candidate-journey-{name}.png"), full_page=True, caret="initial")


def prompt_keys(page) -> list[str]:
    return page.locator(".prompts li").evaluate_all("items => items.map(li => li.dataset.prompt)")


def test_a_candidate_registers_plans_changes_and_cancels_an_activity(page):
    page.goto("/register")
    checked(page, "01-register")
    submit_registration(page, "Alex Candidate", "alex@example.org", "three random words")
    finish_registration(page, "alex@example.org")
    checked(page, "02-profile")

    # A landline is refused beside the field; what was typed elsewhere stays.
    page.get_by_label("UK mobile number").fill("0117 496 0123")
    page.get_by_label("Ward or division").fill("Clifton")
    page.get_by_role("button", name="Save profile").click()
    error = page.locator("#mobile-error")
    error.wait_for()
    assert "landline" in error.inner_text()
    assert page.get_by_label("Ward or division").input_value() == "Clifton"
    checked(page, "03-profile-error")

    page.get_by_label("UK mobile number").fill("07911 123456")
    page.get_by_label("Office you are standing for").select_option("councillor")
    page.get_by_label("Council or authority").fill("Bristol City Council")
    page.get_by_label("Police force area").select_option(label="Avon and Somerset Police")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile has been saved.").wait_for()
    page.get_by_role("button", name="Yes, share my contact details with my FEOA").click()
    page.get_by_text("You agreed on").wait_for()
    checked(page, "04-profile-saved-and-consent")
    user = db.session.scalar(select(User).where(User.email == "alex@example.org"))
    db.session.refresh(user.candidacy)
    assert user.mobile == "+447911123456" and user.candidacy.feoa_consent

    page.get_by_role("link", name="Plans").click()
    page.wait_for_url("**/activities")
    checked(page, "05-empty-list")
    page.get_by_role("link", name="Plan an activity").first.click()
    page.wait_for_url("**/activities/new")
    checked(page, "06-new-activity")

    # The end before the start is refused beside the end time; fixing it saves the plan.
    page.get_by_label("What kind of activity?").select_option("canvassing")
    page.get_by_label("Date", exact=True).fill("2027-03-18")
    page.get_by_label("Start time").fill("17:00")
    page.get_by_label("End time").fill("16:00")
    page.get_by_label("Meeting point").fill("Clifton Library")
    page.get_by_role("button", name="Save plan").click()
    page.locator("#end_time-error").wait_for()
    assert "The end must be after the start" in page.locator("#end_time-error").inner_text()
    assert page.get_by_label("Meeting point").input_value() == "Clifton Library"
    checked(page, "07-new-activity-error")
    page.get_by_label("End time").fill("19:30")
    page.get_by_role("button", name="Save plan").click()
    page.get_by_role("heading", level=1, name="Door-to-door canvassing").wait_for()
    assert prompt_keys(page) == ["alone", "after_dark", "no_one_told"]
    checked(page, "08-activity")

    page.get_by_role("link", name="Home").click()
    card = page.locator("section[aria-labelledby=next-heading]")
    card.get_by_role("link", name="Door-to-door canvassing").wait_for()
    assert "Thu 18 Mar 2027, 17:00 to 19:30" in card.inner_text()
    assert card.get_by_text("This goes on after dark").is_visible()
    assert page.get_by_role("link", name="Call 999").first.is_visible()
    checked(page, "09-dashboard")

    card.get_by_role("link", name="Door-to-door canvassing").click()
    page.get_by_role("link", name="Change this activity").click()
    page.wait_for_url("**/edit")
    page.locator("#companions-0-name").fill("Sam Volunteer")
    page.locator("#companions-0-mobile").fill("07911 123457")
    checked(page, "10-edit-activity")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Your changes have been saved.").wait_for()
    assert prompt_keys(page) == ["after_dark"]
    assert page.get_by_role("listitem").filter(has_text="Sam Volunteer").is_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel this activity").click()
    page.locator(".tag-danger", has_text="Cancelled").wait_for()
    checked(page, "11-cancelled")
    activity = db.session.scalar(select(Activity))
    db.session.refresh(activity)
    assert activity.is_cancelled and [c.name for c in activity.companions] == ["Sam Volunteer"]
    assert app_errors(page) == []


def test_dismissing_the_confirmation_keeps_the_activity(page, signed_in_page):
    user = signed_in_page("candidate")
    activity = create_activity(user, {
        "kind": "stall", "starts_at": datetime(2027, 3, 20, 10, tzinfo=UTC),
        "ends_at": datetime(2027, 3, 20, 12, tzinfo=UTC), "meeting_point": "Broadmead", "area": "",
        "postcode": None, "notes": "", "companions": []})
    db.session.commit()
    page.goto(f"/activities/{activity.id}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Cancel this activity").click()
    page.get_by_role("link", name="Change this activity").wait_for()
    db.session.refresh(activity)
    assert not activity.is_cancelled


def test_the_list_filter_swaps_only_the_list_and_pushes_its_url(page, signed_in_page):
    user = signed_in_page("candidate")
    for kind, day in (("stall", 20), ("hustings", 22)):
        create_activity(user, {
            "kind": kind, "starts_at": datetime(2027, 3, day, 10, tzinfo=UTC),
            "ends_at": datetime(2027, 3, day, 12, tzinfo=UTC), "meeting_point": "Broadmead", "area": "",
            "postcode": None, "notes": "", "companions": []})
    db.session.commit()
    page.goto("/activities")
    page.evaluate("document.querySelector('h1').dataset.marker = 'kept'")
    page.get_by_label("Kind").select_option("hustings")
    page.get_by_role("button", name="Show activities").click()
    page.wait_for_url("**/activities?kind=hustings**")
    items = page.locator("ul[aria-labelledby=upcoming-heading] li a")
    items.first.wait_for()
    assert items.all_inner_texts() == ["Hustings"]
    assert page.locator("h1").get_attribute("data-marker") == "kept", "only the list was swapped"
    checked(page, "12-filtered-list")
    page.reload()
    assert page.locator("ul[aria-labelledby=upcoming-heading] li a").all_inner_texts() == ["Hustings"]
