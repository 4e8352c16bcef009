import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.helpers import (
    finish_registration,
    looks_right,
    sign_in_through_form,
    submit_registration,
)
from webapp.extensions import db
from webapp.models import Message

pytestmark = pytest.mark.browser


def test_a_wrong_password_is_shown_beside_the_field_then_fixed(page, make_user):
    make_user("candidate", email="asha@example.org", name="Asha Patel")
    page.goto("/sign-in")
    looks_right(page, "sign-in")
    page.get_by_label("Email address").fill("asha@example.org")
    page.get_by_label("Password", exact=True).fill("not my password")
    page.get_by_role("button", name="Sign in").click()

    error = page.locator("#password-field .error-message")
    error.wait_for()
    assert "do not match an account" in error.inner_text()
    assert page.get_by_label("Email address").input_value() == "asha@example.org"
    # Focus moves once htmx has settled the swap, a moment after the message appears: wait for it.
    expect(page.locator("#main .error-summary")).to_be_focused()
    looks_right(page, "sign-in-error")

    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name=re.compile("Asha Patel")).wait_for()
    assert urlsplit(page.url).path == "/"


def test_a_registration_error_is_shown_and_fixed_without_losing_what_was_typed(page):
    page.goto("/register")
    looks_right(page, "register")
    submit_registration(page, "Asha Patel", "asha@example.org", "short")

    page.locator("#password-field .error-message").wait_for()
    assert page.get_by_label("Full name").input_value() == "Asha Patel"
    assert page.get_by_label("Create a password").input_value() == ""
    looks_right(page, "register-error")

    page.get_by_label("Create a password").fill("ribbon tractor lantern")
    page.get_by_label("Type the password again").fill("ribbon tractor lantern")
    page.get_by_role("button", name="Create account").click()
    finish_registration(page, "asha@example.org")


def test_a_forgotten_password_is_reset_from_the_emailed_link_and_works(page, make_user):
    make_user("candidate", email="asha@example.org", name="Asha Patel")
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_role("heading", level=1, name="Reset your password").wait_for()
    looks_right(page, "forgot-password")
    page.get_by_label("Email address").fill("asha@example.org")
    page.get_by_role("button", name="Email me a link").click()
    page.get_by_role("heading", level=1, name="Check your email").wait_for()
    looks_right(page, "reset-sent")

    body = db.session.scalar(sa.select(Message.body).where(Message.recipient == "asha@example.org"))
    path = re.search(r"/reset-password/\S+", body).group(0)
    page.goto(path)
    looks_right(page, "reset-password")
    page.get_by_label("New password", exact=True).fill("harbour pencil meadow")
    page.get_by_label("Type the new password again").fill("harbour pencil meadow")
    page.get_by_role("button", name="Save new password").click()
    page.get_by_role("heading", level=1, name="Sign in").wait_for()

    sign_in_through_form(page, "asha@example.org", "harbour pencil meadow")
    assert "Asha Patel" in page.get_by_role("heading", level=1).inner_text()


def test_changing_the_password_from_a_phone(page, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    page.goto("/account/password")
    looks_right(page, "change-password")
    page.get_by_label("Current password").fill("correct horse battery")
    page.get_by_label("New password", exact=True).fill("harbour pencil meadow")
    page.get_by_label("Type the new password again").fill("harbour pencil meadow")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password has been changed.").wait_for()
