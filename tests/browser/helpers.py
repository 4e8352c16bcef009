"""What browser tests check on a page: axe-core, layout width, screenshots, signing in."""

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def check_accessibility(page) -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.1 A/AA violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    at {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
        pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def looks_right(page, name: str) -> None:
    """The page fits the screen, passes axe-core, and is saved as a screenshot to look at."""
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, name)


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} scrolls sideways: {width}px wide in a {viewport}px viewport"


def sign_in_through_form(page, email: str, password: str = PASSWORD) -> None:
    """Sign in with the real sign-in form, and wait until the app has moved on from it.

    Staff roles have a second step: the helper gives the account a confirmed authenticator if it
    has none, and types the current code (at the app's clock) into the real code form.
    """
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    if "/two-factor/" in page.url:
        code = _current_code_for(email)  # enrols first, so /two-factor/code does not send us to set-up
        page.goto("/two-factor/code")
        page.get_by_label("6-digit code from your authenticator app").fill(code)
        page.locator("#two-factor-form button[type=submit]").click()
        page.wait_for_url(lambda url: "/two-factor/" not in url)


def _current_code_for(email: str) -> str:
    import pyotp
    import sqlalchemy as sa
    from flask import current_app

    from webapp.extensions import db
    from webapp.models import User
    from webapp.twofactor import codes

    user = db.session.scalar(sa.select(User).where(User.email == email))
    enrolment = codes.enrolment_for(user)
    if enrolment is None or enrolment.confirmed_at is None:
        enrolment = codes.start_enrolment(user)
        enrolment.confirmed_at = current_app.extensions["clock"].now()
        db.session.commit()
    return pyotp.TOTP(enrolment.secret).at(current_app.extensions["clock"].now())


def finish_registration(page, email: str) -> None:
    """After "Create account": the check-your-email page, then the emailed link and its button."""
    from tests.helpers import registration_link

    page.get_by_role("heading", level=1, name="Check your email").wait_for()
    page.goto(registration_link(email))
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/profile")


def submit_registration(page, name: str, email: str, password: str) -> None:
    """Fill in the open registration form (the password twice) and send it."""
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Type the password again").fill(password)
    page.get_by_role("button", name="Create account").click()


def fill_in_a_plan(page, day: str, start: str, end: str, meeting_point: str = "Clifton Library") -> None:
    """Open the new-plan form and fill in a canvassing session (not saved: the caller presses Save plan)."""
    page.goto("/activities/new")
    page.get_by_label("What kind of activity?").select_option("canvassing")
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End time").fill(end)
    page.get_by_label("Meeting point").fill(meeting_point)
