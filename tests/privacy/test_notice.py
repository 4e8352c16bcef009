"""The privacy notice: public, linked from every page and from registration, built from the schedule."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_horizontal_scroll, check_accessibility, screenshot
from tests.helpers import soup
from webapp.privacy.retention import SCHEDULE


@pytest.fixture
def app_overrides():
    return {"DATA_CONTROLLER_NAME": "Bristol Campaign Safety Ltd", "DATA_CONTROLLER_CONTACT": "dpo@example.org",
            "RETENTION_PLAN_DAYS": 45}


def test_the_privacy_notice_names_the_controller_from_the_settings(client):
    page = soup(client.get("/privacy"))
    assert len(page.select("h1")) == 1
    controller = page.select_one("#controller-heading").parent.get_text(" ", strip=True)
    assert "Bristol Campaign Safety Ltd" in controller and "dpo@example.org" in controller


def test_the_notice_lists_every_row_of_the_retention_schedule_with_its_end_date_as_the_purge_reads_it(client, app):
    page = soup(client.get("/privacy"))
    rows = [(item.select_one("h3").get_text(strip=True),
             [dd.get_text(strip=True) for dd in item.select("dd")]) for item in page.select("ul.list > li")]
    assert rows == [(rule.kind, [rule.why, rule.who_sees, rule.ends_text()]) for rule in SCHEDULE]
    # The setting changes the purge and the notice alike.
    assert any(ends.startswith("45 days after polling day") for _, (_, _, ends) in rows)


def test_the_notice_gives_the_special_category_bases_for_party_and_incidents(client):
    text = soup(client.get("/privacy")).get_text(" ", strip=True)
    assert "Article 9" in text and "Article 10" in text
    assert "Art. 9(2)(e)" in text


@pytest.mark.parametrize("url", ["/", "/sign-in", "/register", "/safety"])
def test_every_page_links_to_the_privacy_notice_in_its_footer(client, url):
    footer = soup(client.get(url)).select_one("footer")
    assert footer.find("a", string="Privacy")["href"] == "/privacy"


def test_registration_links_to_the_privacy_notice_above_the_fold_of_its_text(client):
    main = soup(client.get("/register")).select_one("main")
    assert main.find("a", string="privacy notice")["href"] == "/privacy"


@pytest.mark.browser
def test_the_privacy_notice_fits_a_phone_and_passes_axe(page):
    page.goto("/privacy")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "privacy-notice")


@pytest.mark.browser
def test_your_data_and_the_delete_page_fit_a_phone_and_pass_axe(page, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    page.goto("/profile")
    page.get_by_role("link", name="Your data").click()
    page.wait_for_url("**/your-data")
    assert page.get_by_role("button", name="Download my data").is_visible()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "your-data")
    page.get_by_role("link", name="Delete my account…").click()
    page.wait_for_url("**/your-data/delete")
    page.get_by_role("button", name="Delete my account now").click()
    expect(page.get_by_text("Enter your password to delete your account.").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "delete-account")
