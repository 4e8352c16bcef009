"""Two people on two phones share a campaign: the candidate plans and invites, a volunteer accepts,
says "I'll come", signs the Civility Pledge and subscribes to the calendar feed."""

from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.fixtures import VIEWPORT
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)
from tests.teams.helpers import invitation_path_from_outbox
from webapp.extensions import db
from webapp.models import Activity


def _look(page, name):
    screenshot(page, f"teams-{name}")
    check_accessibility(page)
    assert_no_horizontal_scroll(page)


def _second_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=VIEWPORT, locale="en-GB",
                                  timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    return context


def test_two_people_share_a_campaign_on_two_phones(page, browser, live_server, make_user):
    make_user("candidate", name="Alex Candidate", email="alex@example.org", mobile="+447911123456")
    alex = page
    sign_in_through_form(alex, "alex@example.org")

    # The candidate plans an activity through the form.
    alex.goto("/activities/new")
    alex.select_option("#kind", "canvassing")
    alex.fill("#day", "2027-03-17")
    alex.fill("#start_time", "10:00")
    alex.fill("#end_time", "12:00")
    alex.fill("#meeting_point", "Clifton Library")
    alex.fill("#area", "Clifton: Acacia Avenue")
    alex.click("#activity-form button[type=submit]")
    expect(alex.locator("h1")).to_have_text("Door-to-door canvassing")
    activity_id = db.session.query(Activity.id).scalar()

    # ...and invites a volunteer from the team page.
    alex.get_by_role("navigation", name="Main").get_by_text("More", exact=True).click()  # a phone: Team is under More
    alex.get_by_role("navigation", name="Main").get_by_role("link", name="Team", exact=True).click()
    expect(alex.locator("h1")).to_contain_text("campaign team")
    alex.fill("#invite-form #name", "Priya Canvasser")
    alex.fill("#invite-form #email", "priya@example.org")
    _look(alex, "01-owner-invites")
    alex.click("#invite-form button[type=submit]")
    expect(alex.locator(".flash")).to_contain_text("Invitation sent to Priya Canvasser")
    path = invitation_path_from_outbox("priya@example.org")

    # The volunteer opens the link on their own phone and creates an account.
    priya = _second_phone(browser, live_server).new_page()
    priya.goto(path)
    expect(priya.locator("h1")).to_contain_text("Join Alex Candidate")
    priya.fill("#account-form #mobile", "07911 123457")
    priya.fill("#account-form #password", "three random words")
    priya.fill("#account-form #confirm", "three random words")
    _look(priya, "02-member-accepts")
    priya.click("#account-form button[type=submit]")
    expect(priya.locator(".flash")).to_contain_text("You have joined")
    expect(priya.locator("#member-list")).to_contain_text("Priya Canvasser")
    _look(priya, "03-member-team-page")

    # She sees the plan and says she'll come, in place.
    priya.click("text=Upcoming activities")
    card = priya.locator(f"#activity-{activity_id}")
    expect(card).to_contain_text("Clifton: Acacia Avenue")
    card.locator("button[value=going]").click()
    expect(card.locator("[role=status]")).to_have_text("You said you'll come.")
    expect(card).to_contain_text("2 going")
    _look(priya, "04-member-will-come")

    # On the plan's page the safety prompts are about Alex, by name: Priya is going and has a mobile.
    priya.goto(f"/activities/{activity_id}")
    expect(priya.locator(".prompt-ok")).to_have_text("Alex Candidate is not going alone, and someone knows the plan.")
    _look(priya, "04b-member-reads-the-plan")
    priya.goto("/")
    expect(priya.locator("section[aria-labelledby=next-heading]")).to_contain_text("Alex Candidate's campaign")
    _look(priya, "04c-member-home")
    priya.goto("/activities")
    expect(priya.locator("ul[aria-labelledby=upcoming-heading]")).to_contain_text("Alex Candidate's campaign")
    _look(priya, "04d-member-plans")

    # The candidate sees her going along.
    alex.goto(f"/activities/{activity_id}")
    expect(alex.locator("dl.summary")).to_contain_text("Priya Canvasser")
    expect(alex.locator(f"#attendance-{activity_id}")).to_contain_text("2 going")
    _look(alex, "05-owner-sees-attendee")

    # She signs the pledge and asks to be listed; the public page shows her to anyone.
    priya.goto("/pledge")
    priya.fill("#full_name", "Priya Canvasser")
    priya.check("#agree")
    priya.click("#sign-form button[type=submit]")
    expect(priya.locator("#signed-heading")).to_contain_text("You signed on")
    priya.click("#listing-form button[type=submit]")
    expect(priya.locator("#pledge-status")).to_contain_text("You are listed")
    _look(priya, "06-member-signed-pledge")
    public = _second_phone(browser, live_server).new_page()
    public.goto("/pledge/signatories")
    expect(public.locator("#signatory-list")).to_contain_text("Priya Canvasser")
    _look(public, "07-public-signatories")

    # Her calendar feed is a valid calendar with the activity in it.
    priya.goto("/calendar")
    priya.click("#feed-form button[type=submit]")
    feed_url = priya.locator("#feed-url").input_value()
    _look(priya, "08-calendar-address")
    response = public.request.get(feed_url.replace("http://campaignsafe.test", live_server))
    assert response.status == 200
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"activity-{activity_id}@campaignsafe"]

    priya.goto("/my-activities/2027-03-17/print")
    _look(priya, "09-printable-day")
