"""A newcomer's first reminder: plan an activity 70 minutes ahead, the jobs run, the text is on the
development outbox; the activity page shows it sent; the note preview counts as you type."""

import pytest

from tests.browser.helpers import fill_in_a_plan, looks_right

pytestmark = pytest.mark.browser


def plan_activity_at(page, day: str, start: str, end: str):
    fill_in_a_plan(page, day, start, end)
    page.locator("#companions-0-name").fill("Jo Volunteer")
    page.locator("#companions-0-mobile").fill("07911 123457")
    page.get_by_role("button", name="Save plan").click()
    page.locator("#activity-messages").wait_for()


def test_a_planned_activitys_hour_before_text_lands_on_the_dev_outbox(app, page, signed_in_page, clock, run_jobs):
    signed_in_page("candidate", name="Sam Patel", mobile="+447911123456")
    # The clock reads Tue 16 March 2027, 09:00 UK time: plan for 10:10, 70 minutes away.
    plan_activity_at(page, "2027-03-16", "10:10", "12:00")
    section = page.locator("#activity-messages")
    assert section.get_attribute("hx-trigger") == "every 10s"
    looks_right(page, "reminders-activity-planned")

    clock.advance(minutes=10)
    run_jobs(app)
    page.goto("/dev/outbox")
    text = page.locator("main").inner_text()
    assert text.count("Canvassing 10:10 at Clifton Library. Pairs, route shared") == 2  # Sam and Jo
    looks_right(page, "reminders-dev-outbox")

    page.go_back()
    page.reload()
    assert "Sent" in page.locator("#activity-messages").inner_text()


def test_the_note_preview_counts_characters_and_texts_as_you_type(page, signed_in_page):
    signed_in_page("candidate", name="Sam Patel", mobile="+447911123456")
    plan_activity_at(page, "2027-03-18", "10:00", "12:00")
    page.get_by_role("link", name="Add a note to the text reminders").click()  # a boosted navigation
    note = page.get_by_label("Note added to the text reminders")
    count = page.locator("[data-sms-count]")
    note.fill("")
    base = int(count.inner_text().split()[0])
    note.fill("Park at the school.")
    assert count.inner_text() == f"{base + 20} characters, 1 text (GSM-7)"
    note.fill("Park at the school gates, and bring the spare leaflets with you.")
    assert count.inner_text() == f"{base + 65} characters, 2 texts (GSM-7)"
    note.fill("See you there 😀")
    assert count.inner_text().endswith("3 texts (UCS-2)")
    assert page.locator("[data-sms-text]").inner_text().endswith("See you there 😀")
    looks_right(page, "reminders-note-preview")
    note.fill("Park at the school.")
    page.get_by_role("button", name="Save the note").click()
    page.wait_for_url("**/messages")
    assert page.locator("h1").count() == 1


def test_reminder_choices_page_looks_right(page, signed_in_page):
    signed_in_page("candidate")
    page.goto("/settings/reminders")
    page.get_by_label("An aftercare check an hour after it ends").uncheck()
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Your reminder choices are saved.").wait_for()
    assert not page.get_by_label("An aftercare check an hour after it ends").is_checked()
    looks_right(page, "reminders-choices")


def test_an_unchanged_poll_leaves_the_message_list_in_place(page, signed_in_page):
    signed_in_page("candidate", name="Sam Patel", mobile="+447911123456")
    plan_activity_at(page, "2027-03-16", "10:10", "12:00")  # the plan email is due now: the list polls
    section = page.locator("#activity-messages")
    assert section.get_attribute("hx-trigger") == "every 10s"
    section.evaluate("element => { element.dataset.seen = 'before the poll'; }")
    url = section.get_attribute("hx-get")
    with page.expect_response(lambda response: response.url.endswith(url)) as answer:
        page.evaluate("url => htmx.ajax('GET', url, {source: '#activity-messages', target: '#activity-messages', "
                      "swap: 'outerHTML'})", url)
    assert answer.value.status == 304
    assert answer.value.request.headers["if-none-match"] == f'"{section.get_attribute("data-etag")}"'
    page.wait_for_function("() => !document.querySelector('#activity-messages').matches('.htmx-request')")
    assert section.get_attribute("data-seen") == "before the poll"  # the same element: nothing swapped
