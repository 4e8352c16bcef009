"""An admin in a phone-sized browser: the audit log (wide table), deactivating a staff account after a
confirmation, and publishing the pledge after confirming that every signer is asked again."""

import pytest

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)
from webapp.extensions import db
from webapp.models import User
from webapp.models.audit import record
from webapp.pledge.signing import sign


@pytest.mark.browser
def test_an_admin_reads_the_audit_log_and_deactivates_an_adviser_on_a_phone(page, make_user):
    admin = make_user("admin", name="Site Admin")
    adviser = make_user("feoa", name="PC Jordan Adviser", email="jordan.adviser.with.a.long.address@police.example")
    for n in range(3):
        record("feoa.contact_details_viewed", actor=adviser, detail=f"candidacy {n}, a long detail " * 3)
    db.session.commit()
    sign_in_through_form(page, admin.email)

    page.goto("/admin/audit")
    assert page.get_by_role("table", name="Audit entries").get_by_role("row").count() == 5  # header, 3 reveals, the admin's own sign-in
    assert_no_horizontal_scroll(page)  # each entry stacks on a phone: no scrolling region at all
    screenshot(page, "admin-audit-390")
    check_accessibility(page)
    page.get_by_label("Action").select_option("account.deactivated")
    page.wait_for_selector("#audit-results .empty")
    check_accessibility(page)

    page.goto("/admin/accounts")
    check_accessibility(page)
    page.locator(f"#account-{adviser.id}").get_by_role("link", name="Deactivate").click()
    page.wait_for_url(f"**/admin/accounts/{adviser.id}/deactivate")
    screenshot(page, "admin-deactivate-confirm")
    check_accessibility(page)
    page.get_by_role("button", name=f"Deactivate {adviser.email}").click()
    page.wait_for_url("**/admin/accounts")
    assert "signed out everywhere" in page.locator(".flashes").inner_text()
    db.session.expire_all()
    assert db.session.get(User, adviser.id).active is False


@pytest.mark.browser
def test_an_admin_publishes_a_changed_pledge_after_confirming_signers_sign_again(page, make_user):
    sign(make_user("candidate"), "Casey Signer", public=False)
    db.session.commit()
    admin = make_user("admin")
    sign_in_through_form(page, admin.email)
    page.goto("/admin/pledge")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Publish as a new version").click()  # the same text, not confirmed
    page.wait_for_selector("#publish-form .error-summary")
    assert "same commitments as version 1" in page.locator("#body-error").inner_text()
    screenshot(page, "admin-pledge-unchanged")
    check_accessibility(page)
    page.get_by_label("Commitments, one a line").fill("Be civil.\nBe honest.")
    page.get_by_label("I understand that everyone who has signed will be asked to sign again").check()
    page.get_by_role("button", name="Publish as a new version").click()
    page.wait_for_selector("text=Version 2 is published")
    assert dialogs[-1] == "Publish a new version? All 1 signer will be asked to sign again."
    check_accessibility(page)
