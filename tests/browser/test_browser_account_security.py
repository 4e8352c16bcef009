"""Pages added for issue 12: registering (check your email, then finish), signing out of every other
device, and the development outbox's notice. Each checked at phone width with axe."""

import pytest

from tests.browser.helpers import looks_right, submit_registration
from tests.helpers import registration_link

pytestmark = pytest.mark.browser


def test_registering_asks_to_check_email_then_the_link_finishes_the_account(page):
    page.goto("/register")
    submit_registration(page, "Asha Patel", "asha@example.org", "ribbon tractor lantern")
    page.get_by_role("heading", level=1, name="Check your email").wait_for()
    looks_right(page, "register-check-email")
    page.goto(registration_link("asha@example.org"))
    page.get_by_role("heading", level=1, name="Finish creating your account").wait_for()
    looks_right(page, "register-finish")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/profile")


def test_signing_out_of_every_other_device_from_the_profile(page, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    page.goto("/profile")
    page.get_by_role("link", name="Sign out of every other device").click()
    page.get_by_role("heading", level=1, name="Sign out of every other device").wait_for()
    looks_right(page, "account-other-devices")
    page.get_by_role("button", name="Sign out of every other device").click()
    page.wait_for_url("**/profile")
    assert "signed out on every other device" in page.locator(".flashes").inner_text()


def test_the_dev_outbox_says_what_it_is_at_the_top(page, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    page.goto("/dev/outbox")
    assert "Development only" in page.locator("#dev-outbox-notice").inner_text()
    looks_right(page, "dev-outbox-notice")
