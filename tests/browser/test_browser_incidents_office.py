"""The hand-over journey in a browser: the election office imports a CSV (preview, fix a bad row,
confirm); a consenting candidate accepts the invitation from the outbox, logs an incident with a
photo, reads where to report it and shares it with the FEOA; a non-consenting one is not handed over."""

import re
import struct
import zlib

import pyotp
import pytest
import sqlalchemy as sa

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
)
from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.models import Force, Incident, Message, Nominee
from webapp.twofactor import codes

HEADER = "name,email,mobile,office,ward,party,consent\n"
ROWS = ("Priya Shah,priya.shah@example.org,07911 123401,councillor,Clifton,Green Party,yes\n"
        "Tom Baker,tom.baker@example.org,07911123402,councillor,Cotham,Labour Party,no\n")
BAD_ROW = "Jo Bloggs,jo.bloggs-at-example.org,07911 123403,councillor,Redland,,yes\n"
GOOD_ROW = "Jo Bloggs,jo.bloggs@example.org,07911 123403,councillor,Redland,,yes\n"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def png_file(path):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xcc\x33\x33" * 40 for _ in range(30))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("size", VIEWPORTS)
def test_an_office_hands_over_a_consenting_candidate_who_then_logs_and_shares_an_incident(
        browser, live_server, page, make_user, tmp_path, clock, size):
    page.set_viewport_size(VIEWPORTS[size])
    office = make_user("election_office", council="Bristol City Council", name="Robin Electoral Services")
    office.force_id = db.session.scalar(sa.select(Force.id).where(Force.code == "avon-and-somerset"))
    enrolment = codes.start_enrolment(office)  # staff sign in with a second factor
    enrolment.confirmed_at = clock.now()
    make_user("feoa", mobile="+447911123499")
    db.session.commit()

    # The office uploads a file with a bad row: told which line and why, nothing imported.
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(office.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/code")
    page.get_by_label("6-digit code from your authenticator app").fill(pyotp.TOTP(enrolment.secret).at(clock.now()))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "two-factor" not in url)
    page.get_by_role("link", name="Nominations").click()
    bad = tmp_path / "nominations.csv"
    bad.write_text(HEADER + ROWS + BAD_ROW, encoding="utf-8")
    page.get_by_label("CSV file of nominated candidates").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and match columns").click()
    page.get_by_role("button", name="Check the rows").click()
    page.get_by_role("heading", level=1, name="Check the import").wait_for()
    assert re.search(r"not a valid email address", page.locator("#line-4").inner_text())
    assert_no_horizontal_scroll(page)
    screenshot(page, f"office-import-problems-{size}")

    # Fixed and uploaded again: a preview, then confirm.
    page.get_by_role("link", name="Upload a corrected file").click()
    fixed = tmp_path / "nominations-fixed.csv"
    fixed.write_text(HEADER + ROWS + GOOD_ROW, encoding="utf-8")
    page.get_by_label("CSV file of nominated candidates").set_input_files(str(fixed))
    page.get_by_role("button", name="Upload and match columns").click()
    page.get_by_role("button", name="Check the rows").click()
    page.get_by_role("heading", level=1, name="Check the import").wait_for()
    assert page.locator("#preview li").count() == 3
    assert db.session.scalar(sa.select(sa.func.count(Nominee.id))) == 0
    check_accessibility(page)
    screenshot(page, f"office-import-preview-{size}")
    page.get_by_role("button", name="Import 3 candidates").click()
    results = page.locator("#results")
    results.wait_for()
    tom_row = results.locator("li", has_text="Tom Baker")
    assert "Not handed over" in tom_row.inner_text()
    assert "Handed over" in results.locator("li", has_text="Priya Shah").inner_text()
    check_accessibility(page)
    screenshot(page, f"office-import-done-{size}")
    db.session.expire_all()
    tom = db.session.scalar(sa.select(Nominee).where(Nominee.email == "tom.baker@example.org"))
    assert not tom.is_handed_over
    assert db.session.scalar(sa.select(sa.func.count(Message.id)).where(Message.recipient == tom.email)) == 0

    # Priya accepts the invitation from the outbox in her own browser.
    invite = db.session.scalar(sa.select(Message).where(Message.recipient == "priya.shah@example.org"))
    link = re.search(r"http://\S+(/join/\S+)", invite.body).group(1)
    candidate_context = browser.new_context(base_url=live_server, viewport=VIEWPORTS[size], locale="en-GB",
                                            timezone_id="Europe/London")
    phone = candidate_context.new_page()
    phone.goto(link)
    assert phone.get_by_label("Your name").input_value() == "Priya Shah"
    check_accessibility(phone)
    screenshot(phone, f"invitation-{size}")
    phone.get_by_label("Create a password").fill("three random words")
    phone.get_by_label("Type the password again").fill("three random words")
    phone.get_by_role("button", name="Create account").click()
    phone.wait_for_url(lambda url: "/join/" not in url)

    # She logs an incident with a photo; the guidance follows the category.
    phone.get_by_role("link", name="Incidents").click()
    phone.get_by_role("link", name="Log an incident").click()
    phone.get_by_role("heading", level=1, name="Log an incident").wait_for()
    # Wait until htmx has wired up the swapped-in form (it keeps its state on the element).
    phone.wait_for_function("() => { const e = document.querySelector('#category');"
                            " return !!(e && e['htmx-internal-data'] && e['htmx-internal-data'].initHash); }")
    phone.get_by_label("What kind of incident?").select_option("cyber")
    guidance = phone.locator("#where-to-report")
    guidance.get_by_text("Action Fraud", exact=False).first.wait_for()
    assert "0300 123 2040" in guidance.inner_text()
    phone.get_by_label("What kind of incident?").select_option("in_person")
    guidance.get_by_text("Operation Ford", exact=False).wait_for()
    assert "Action Fraud" not in guidance.inner_text()
    phone.get_by_label("Where?").fill("Whiteladies Road")
    phone.get_by_label("What happened?").fill("A man shouted threats at our stall and took leaflets.")
    phone.get_by_label("Photos, screenshots or PDFs (optional)").set_input_files(str(png_file(tmp_path / "stall.png")))
    check_accessibility(phone)
    screenshot(phone, f"incident-form-{size}")
    phone.get_by_role("button", name="Save in my log").click()
    phone.get_by_role("heading", level=1, name="In-person intimidation or threat").wait_for()
    assert "does not report it to the police" in phone.locator(".flashes").inner_text()
    assert phone.locator("#where-to-report a[href='tel:999']").count() == 1
    assert phone.locator("#evidence").get_by_role("link", name="stall.png").count() == 1
    phone.get_by_role("button", name="Share with the adviser").click()
    phone.locator("#sharing .tag-ok").wait_for()
    assert "Not yet seen by the adviser" in phone.locator("#sharing").inner_text()
    assert_no_horizontal_scroll(phone)
    check_accessibility(phone)
    screenshot(phone, f"incident-shared-{size}")
    candidate_context.close()

    db.session.expire_all()
    incident = db.session.scalar(sa.select(Incident))
    assert incident.shared_with_feoa and incident.candidacy.feoa_consent
    assert [e.original_name for e in incident.evidence] == ["stall.png"]
