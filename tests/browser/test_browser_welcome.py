import pytest

from tests.browser.helpers import assert_no_horizontal_scroll, check_accessibility, screenshot


@pytest.mark.browser
def test_the_welcome_page_fits_a_phone_and_passes_axe(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Stay safe while you campaign"
    assert page.locator("main").get_by_role("link", name="Call 999").get_attribute("href") == "tel:999"
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "welcome")


@pytest.mark.browser
def test_a_candidate_signs_in_through_the_form_and_lands_on_their_home_page(page, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Asha Patel"
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "home-signed-in")
