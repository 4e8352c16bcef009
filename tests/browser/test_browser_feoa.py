"""The FEOA's journey in a real browser: TOTP sign-in, dashboard, contact details, briefing, digest."""

import pyotp
import pytest
from sqlalchemy import select

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
)
from tests.conftest import PASSWORD
from webapp.extensions import db
from webapp.models import AuditEntry, Force, Incident
from webapp.twofactor import codes


@pytest.mark.browser
def test_an_feoa_signs_in_with_a_code_reveals_details_records_a_briefing_and_sees_it_in_the_digest(
        page, app, clock, make_user):
    adviser = make_user("feoa", name="PC Jordan Adviser")
    enrolment = codes.start_enrolment(adviser)
    enrolment.confirmed_at = clock.now()
    candidate = make_user("candidate", name="Asha Patel", mobile="+447911123456")
    candidate.candidacy.force = db.session.scalar(select(Force).where(Force.code == "avon-and-somerset"))
    candidate.candidacy.set_consent(True, "nomination form")
    incident = Incident(owner_id=candidate.id, candidacy_id=candidate.candidacy.id, category="in_person",
                        occurred_at=clock.now(), description="Shouted at on the doorstep", location="Redland",
                        shared_with_feoa=True, shared_at=clock.now())
    db.session.add(incident)
    db.session.commit()

    page.goto("/feoa/")
    page.wait_for_url("**/sign-in**")
    page.get_by_label("Email address").fill(adviser.email)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/code")
    screenshot(page, "feoa-1-code")
    page.get_by_label("6-digit code from your authenticator app").fill(pyotp.TOTP(enrolment.secret).at(clock.now()))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/feoa/")
    assert page.get_by_role("heading", level=1).inner_text() == "Adviser dashboard"
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "feoa-2-dashboard")

    page.get_by_role("link", name="Asha Patel").click()
    page.wait_for_url("**/feoa/candidates/*")
    page.get_by_role("button", name="Show contact details").click()
    page.get_by_role("link", name="07911 123456").wait_for()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feoa.contact_details_viewed"))
    assert (entry.actor_id, entry.subject_user_id) == (adviser.id, candidate.id)
    screenshot(page, "feoa-3-contact-details")

    page.goto(f"/feoa/incidents/{incident.id}")
    page.get_by_role("button", name="Acknowledge: I have seen this").click()
    page.get_by_text("Acknowledged. The candidate can see that you have seen it.").wait_for()
    db.session.refresh(incident)
    assert incident.feoa_status == "acknowledged"
    check_accessibility(page)
    screenshot(page, "feoa-3b-incident-acknowledged")

    page.goto(f"/feoa/candidates/{candidate.candidacy.id}")
    page.get_by_label("Safety briefing").check()
    page.get_by_label("How").select_option("in_person")
    page.get_by_label("Note (optional)").fill("Went through lone canvassing and the 999 card")
    page.get_by_role("button", name="Record it").click()
    page.get_by_text("Recorded the briefing with Asha Patel").wait_for()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "feoa-4-briefing-recorded")

    page.goto("/feoa/digest")
    assert "Asha Patel" in page.locator("#digest-recorded").inner_text()
    assert "0 candidates not yet contacted" in page.locator("#digest-sms").inner_text()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "feoa-5-digest-preview")


@pytest.mark.browser
def test_first_sign_in_shows_a_qr_code_and_the_key_on_a_phone(page, make_user):
    adviser = make_user("feoa")
    # The password step by hand: the shared helper would enrol the adviser and finish sign-in.
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(adviser.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/set-up")
    assert page.get_by_role("img", name="QR code to add CampaignSafe to your authenticator app").is_visible()
    assert len(page.locator("#totp-secret").inner_text()) == 32
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "feoa-0-set-up")
