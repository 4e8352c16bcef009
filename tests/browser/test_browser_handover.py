"""The hand-over reaches the adviser, in real browsers side by side: the election office confirms an
import; the FEOA (signed in with a code) sees every consenting nominee at once, none of whom has an
account; one accepts the invitation and stays one record; another withdraws in the app and leaves the
FEOA's list, and the office sees "Withdrawn (by the candidate, in the app, …)"."""

import csv
import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)
from webapp.extensions import db
from webapp.models import Force, Message, Nominee

# The export in docs/ (a title row, semicolons, home addresses, a bad email), with a town council candidate.
EXPORT = (Path(__file__).resolve().parents[2] / "docs" / "sample-nominations-export.csv").read_text(encoding="utf-8") + (
    "Green;Alex;Independent;Westbury;1 Example Close;BS0 0AE;alex.green@example.org;07911 123407;;Town Councillor;;Yes\n")
CONSENTING = ["Anita Patel", "Mary O'Neill", "Priya Shah", "Zoë Adeyemi"]
VIEWPORT = {"width": 360, "height": 800}


def look(page, name):
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, name)


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

    # The office uploads a real export, matches its columns, imports the good rows, downloads the bad one.
    office.force_id = db.session.scalar(sa.select(Force.id).where(Force.code == "avon-and-somerset"))
    db.session.commit()
    sign_in_through_form(page, office.email)
    page.goto("/office")
    upload = tmp_path / "SOPN export.csv"
    upload.write_text(EXPORT, encoding="utf-8")
    page.get_by_label("CSV file of nominated candidates").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and match columns").click()
    page.get_by_role("heading", level=1, name="Match the columns").wait_for()
    assert "Example Avenue" not in page.content()
    look(page, "handover-1-office-columns")
    page.get_by_role("button", name="Check the rows").click()
    page.get_by_role("heading", level=1, name="Check the import").wait_for()
    assert "not a valid email address" in page.locator("#bad-row-list").inner_text()
    alex = page.locator("#preview > li", has_text="Alex Green")
    assert "Not covered by Operation Ford" in alex.inner_text()
    look(page, "handover-2-office-check")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the rows to fix (CSV)").click()
    to_fix = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert [row[1] for row in to_fix[1:]] == ["Bloggs"] and "Home Address" not in to_fix[0]
    page.get_by_role("button", name=re.compile(r"^Import \d+ candidates$")).click()
    page.locator("#results").wait_for()
    assert "4 handed over to Avon and Somerset Police" in page.locator(".flashes").inner_text()
    look(page, "handover-3-office-confirmed")

    # The FEOA sees every consenting nominee at once, none with an account; not Tom (no consent), not Alex.
    feoa_page.reload()
    rows = feoa_page.locator("#candidate-list .candidate-row")
    assert sorted(rows.locator(".candidate-name").all_inner_texts()) == CONSENTING
    assert rows.filter(has_text="Not on the app yet").count() == 4
    listed = feoa_page.locator("#candidate-list").inner_text()
    assert "Tom Baker" not in listed and "Alex Green" not in listed
    look(feoa_page, "handover-4-feoa-sees-nominees")
    feoa_page.get_by_role("link", name="Priya Shah").click()
    feoa_page.get_by_role("button", name="Show contact details").click()
    feoa_page.get_by_role("link", name="07911 123401").wait_for()
    look(feoa_page, "handover-5-feoa-contact-details")
    priya_url = feoa_page.url

    # Priya accepts her invitation: the same record, now on the app.
    priya_context, _ = accept_invitation(browser, live_server, "priya.shah@example.org", "Priya Shah")
    priya_context.close()
    feoa_page.goto("/feoa/")
    priya_row = feoa_page.locator("#candidate-list .candidate-row", has_text="Priya Shah")
    assert priya_row.count() == 1 and "Not on the app yet" not in priya_row.inner_text()
    assert priya_row.get_by_role("link").get_attribute("href") in priya_url

    look(feoa_page, "handover-6-feoa-after-acceptance")

    # Mary accepts, then withdraws her consent in the app.
    mei_context, mei = accept_invitation(browser, live_server, "mary.oneill@example.org", "Mary O'Neill")
    mei.goto("/profile")
    mei.once("dialog", lambda dialog: dialog.accept())
    mei.get_by_role("button", name="Stop sharing my contact details").click()
    mei.get_by_text("Not sharing").wait_for()
    look(mei, "handover-7-candidate-withdrew")
    mei_context.close()
    feoa_page.reload()
    assert sorted(feoa_page.locator("#candidate-list .candidate-name").all_inner_texts()) == [
        "Anita Patel", "Priya Shah", "Zoë Adeyemi"]
    look(feoa_page, "handover-8-feoa-after-withdrawal")
    feoa_context.close()

    mei_id = db.session.scalar(sa.select(Nominee.id).where(Nominee.email == "mary.oneill@example.org"))
    page.goto(f"/office/candidates/{mei_id}")
    status = page.locator("#sharing-status").inner_text()
    assert status.startswith("Withdrawn (by the candidate, in the app, ")
    look(page, "handover-9-office-sees-withdrawal")
