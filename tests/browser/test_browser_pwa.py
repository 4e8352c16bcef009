import pytest

from tests.browser.helpers import assert_no_horizontal_scroll, check_accessibility, screenshot
from webapp.core.guidance import GUIDANCE_PAGES

pytestmark = pytest.mark.browser


def wait_for_service_worker_in_control(page):
    """Wait until the service worker is active and controls this page (so its cache is filled)."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_the_offline_page_is_served_when_the_network_is_cut_after_a_first_visit(page, context, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    wait_for_service_worker_in_control(page)

    context.set_offline(True)
    page.goto("/safety/where-to-report")

    assert page.get_by_role("heading", level=1).inner_text() == "You are offline"
    main = page.locator("main")
    assert main.get_by_role("link", name="Call 999").get_attribute("href") == "tel:999"
    assert "Operation Ford" in main.inner_text()
    assert "Before you go out" in main.inner_text()
    assert "Asha Patel" not in page.content()
    # The stylesheet came from the cache too: the page is laid out, not bare HTML.
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == "flex"
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "offline")


def test_a_boosted_link_followed_offline_shows_the_offline_page(page, context):
    page.goto("/")
    wait_for_service_worker_in_control(page)

    context.set_offline(True)
    page.locator("main").get_by_role("link", name="Read the safety guidance").click()

    page.get_by_role("heading", level=1, name="You are offline").wait_for()
    assert page.locator("main").get_by_role("link", name="Call 999").is_visible()


def test_chromium_finds_nothing_stopping_the_app_being_installed(page, context):
    page.goto("/")
    wait_for_service_worker_in_control(page)
    cdp = context.new_cdp_session(page)
    errors = {e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    # Test contexts are incognito profiles, where Chromium never installs: that one is expected.
    assert errors - {"in-incognito"} == set()
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]


def test_the_app_is_installable_its_manifest_and_icons_load(page):
    page.goto("/")
    manifest_url = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(manifest_url).json()
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).ok, icon["src"]


def test_the_safety_guidance_index_fits_a_phone_and_passes_axe(page):
    page.goto("/safety")
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "guidance-index")


@pytest.mark.parametrize("slug", GUIDANCE_PAGES)
def test_each_guidance_page_fits_a_phone_and_passes_axe(page, slug):
    page.goto(f"/safety/{slug}")
    assert page.get_by_role("heading", level=1).inner_text() == GUIDANCE_PAGES[slug]
    assert page.console_errors == []
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, f"guidance-{slug}")


def test_a_form_sent_without_signal_keeps_what_was_typed_and_says_it_was_not_sent(page, context):
    page.goto("/register")
    wait_for_service_worker_in_control(page)
    page.get_by_label("Full name").fill("Asha Patel")
    page.get_by_label("Email address").fill("asha@example.org")

    context.set_offline(True)
    page.get_by_role("button", name="Create account").click()

    notice = page.get_by_role("alert").filter(has_text="You are offline")
    notice.wait_for()
    assert page.get_by_label("Full name").input_value() == "Asha Patel"
    assert page.get_by_label("Email address").input_value() == "asha@example.org"
    assert page.get_by_role("heading", level=1).inner_text() == "Create an account"
    check_accessibility(page)
    screenshot(page, "offline-form-notice")


def test_a_boosted_form_sent_without_signal_stays_on_the_page_with_a_notice(page, context, signed_in_page):
    signed_in_page("candidate", name="Asha Patel")
    wait_for_service_worker_in_control(page)

    context.set_offline(True)
    page.get_by_text("More", exact=True).click()  # on a phone, "Sign out" is under More
    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("alert").filter(has_text="You are offline").wait_for()
    assert "Asha Patel" in page.get_by_role("heading", level=1).inner_text()
