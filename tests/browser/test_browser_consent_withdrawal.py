"""In a browser at phone width: withdrawing FEOA consent, and the incident page saying its share ended."""

from datetime import UTC, datetime

from tests.browser.helpers import assert_no_horizontal_scroll, check_accessibility, screenshot
from webapp.extensions import db
from webapp.models import Incident


def test_withdrawing_consent_shows_the_incident_as_no_longer_shared(page, signed_in_page, clock):
    page.set_viewport_size({"width": 360, "height": 800})
    candidate = signed_in_page("candidate", name="Alex Candidate")
    candidate.candidacy.set_consent(True, "profile")
    incident = Incident(owner=candidate, candidacy=candidate.candidacy, category="online_abuse",
                        occurred_at=datetime(2027, 3, 15, 12, 0, tzinfo=UTC), description="Abusive replies.")
    db.session.add(incident)
    db.session.commit()

    page.goto(f"/incidents/{incident.id}")
    page.get_by_role("button", name="Share with the adviser").click()
    page.wait_for_selector("text=Stop sharing")

    page.goto("/profile")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Stop sharing my contact details").click()
    page.wait_for_selector("text=You withdrew consent")

    page.goto(f"/incidents/{incident.id}")
    sharing = page.locator("#sharing")
    assert "No longer shared: you withdrew consent on" in sharing.inner_text()
    assert sharing.get_by_role("button", name="Stop sharing").count() == 0
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "incident-no-longer-shared-360")
