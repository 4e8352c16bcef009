"""The admin's Councils pages in a browser at 360 px: the list, and an edit refused beside the field."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)


@pytest.mark.browser
def test_an_admin_reads_the_councils_and_a_bad_gss_code_is_refused_beside_the_field(page, make_user):
    page.set_viewport_size({"width": 360, "height": 800})
    admin = make_user("admin")
    sign_in_through_form(page, admin.email)
    page.goto("/admin/councils")
    assert "Glasgow City Council" in page.locator("#council-list").inner_text()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "councils-1-list")
    page.get_by_role("link", name="Bristol City Council").click()
    # The list has an "Add a council" form with the same field and button: wait for the council's own page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Bristol City Council")
    page.get_by_label("GSS code (optional)").fill("E06")
    page.get_by_role("button", name="Save").click()
    page.locator("#gss_code-field .error-message").wait_for()
    assert "a letter and 8 digits" in page.locator("#gss_code-field .error-message").inner_text()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    screenshot(page, "councils-2-edit-refused")
