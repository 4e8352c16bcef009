"""The hand-over reaches the adviser, in real browsers side by side: the election office confirms an
import; the FEOA (signed in with a code) sees every consenting nominee at once, none of whom has an
account; one accepts the invitation and stays one record; another withdraws in the app and leaves the
FEOA's list, and the office sees "Withdrawn (by the candidate, in the app, …)"."""

import re

import pytest
import sqlalchemy as sa

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)
from webapp.extensions import db
from webapp.models import Message, Nominee

NOMINATIONS = (
    "name,email,mobile,office,ward,party,consent\n"
    "Priya Shah,priya.shah@example.org,07911 123401,councillor,Clifton,Green Party,yes\n"
    "Tom Baker,tom.baker@example.org,07911123402,councillor,Cotham,Labour Party,no\n"
    "Mei Lin,mei.lin@example.org,07911 123403,councillor,Redland,Liberal Democrats,yes\n"
    "Owen Price,owen.price@example.org,07911 123404,councillor,Bishopston,Conservative Party,yes\n"
)
VIEWPORT = {"width": 360, "height": 800}


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=VIEWPORT, locale="en-GB",
                                  timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    return context, context.new_page()


def invitation_link(email):
    db.session.expire_all()
    message = db.session.scalar(sa.select(Message).where(Message.recipient == email))
    return re.search(r"http://\S+(/join/\S+)", message.body).group(1)


def accept_invitation(browser, live_server, email, name):
    context, phone = new_page(browser, live_server)
    phone.goto(invitation_link(email))
    assert phone.get_by_label("Your name").input_value() == name
    phone.get_by_label("Create a password").fill("three random words")
    phone.get_by_label("Type the password again").fill("three random words")
    phone.get_by_role("button", name="Create account").click()
    phone.wait_for_url(lambda url: "/join/" not in url)
    return context, phone


@pytest.mark.browser
def test_the_feoa_sees_every_consenting_nominee_at_once_and_each_side_sees_the_others_changes(
        browser, live_server, page, make_user, tmp_path):
    page.set_viewport_size(VIEWPORT)
    office = make_user("election_office", name="Robin Electoral Services")
    adviser = make_user("feoa", name="PC Jordan Adviser", mobile="+447911123499")
    feoa_context, feoa_page = new_page(browser, live_server)
    sign_in_through_form(feoa_page, adviser.email)  # with the two-factor code
    feoa_page.goto("/feoa/")
    assert "No nominated candidates in your force yet" in feoa_page.locator("#candidate-list").inner_text()

    # The office confirms an import: 3 of 4 consented.
    sign_in_through_form(page, office.email)
    page.goto("/office")
    upload = tmp_path / "nominations.csv"
    upload.write_text(NOMINATIONS, encoding="utf-8")
    page.get_by_label("CSV file of nominated candidates").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Confirm import").click()
    page.locator("#results").wait_for()
    assert "3 handed over to Avon and Somerset Police" in page.locator(".flashes").inner_text()
    screenshot(page, "handover-1-office-confirmed")

    # The FEOA sees all three at once, none with an account.
    feoa_page.reload()
    rows = feoa_page.locator("#candidate-list .candidate-row")
    assert sorted(rows.locator(".candidate-name").all_inner_texts()) == ["Mei Lin", "Owen Price", "Priya Shah"]
    assert rows.filter(has_text="Not on the app yet").count() == 3
    assert "Tom Baker" not in feoa_page.locator("#candidate-list").inner_text()
    assert_no_horizontal_scroll(feoa_page)
    check_accessibility(feoa_page)
    screenshot(feoa_page, "handover-2-feoa-sees-nominees")
    feoa_page.get_by_role("link", name="Priya Shah").click()
    feoa_page.get_by_role("button", name="Show contact details").click()
    feoa_page.get_by_role("link", name="07911 123401").wait_for()
    check_accessibility(feoa_page)
    screenshot(feoa_page, "handover-3-feoa-contact-details")
    priya_url = feoa_page.url

    # Priya accepts her invitation: the same record, now on the app.
    priya_context, _ = accept_invitation(browser, live_server, "priya.shah@example.org", "Priya Shah")
    priya_context.close()
    feoa_page.goto("/feoa/")
    priya_row = feoa_page.locator("#candidate-list .candidate-row", has_text="Priya Shah")
    assert priya_row.count() == 1 and "Not on the app yet" not in priya_row.inner_text()
    assert priya_row.get_by_role("link").get_attribute("href") in priya_url

    # Mei accepts, then withdraws her consent in the app.
    mei_context, mei = accept_invitation(browser, live_server, "mei.lin@example.org", "Mei Lin")
    mei.goto("/profile")
    mei.once("dialog", lambda dialog: dialog.accept())
    mei.get_by_role("button", name="Stop sharing my contact details").click()
    mei.get_by_text("Not sharing").wait_for()
    mei_context.close()
    feoa_page.reload()
    assert sorted(feoa_page.locator("#candidate-list .candidate-name").all_inner_texts()) == ["Owen Price",
                                                                                              "Priya Shah"]
    check_accessibility(feoa_page)
    screenshot(feoa_page, "handover-4-feoa-after-withdrawal")
    feoa_context.close()

    mei_id = db.session.scalar(sa.select(Nominee.id).where(Nominee.email == "mei.lin@example.org"))
    page.goto(f"/office/candidates/{mei_id}")
    status = page.locator("#sharing-status").inner_text()
    assert status.startswith("Withdrawn (by the candidate, in the app, ")
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "handover-5-office-sees-withdrawal")
