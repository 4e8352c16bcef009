"""An admin in a phone-sized browser: the audit log (wide table), deactivating a staff account after a
confirmation, and publishing the pledge after confirming that every signer is asked again."""

import re

import pytest
from sqlalchemy import select

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)
from webapp.extensions import db
from webapp.models import Message, User
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


@pytest.mark.browser
def test_a_new_adviser_chooses_a_password_from_the_welcome_link_then_sets_up_two_factor(browser, live_server, page,
                                                                                         make_user):
    admin = make_user("admin")
    sign_in_through_form(page, admin.email)
    page.goto("/admin/accounts")
    page.get_by_label("Kind of account").select_option("feoa")
    page.get_by_label("Full name").fill("PC Riley New")
    page.get_by_label("Work email address").fill("riley.new@police.example")
    page.get_by_label("Police force (FEOA and election-office accounts)").select_option("avon-and-somerset")
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_selector("text=They have been emailed a link to choose a password")
    body = db.session.scalar(select(Message.body).where(Message.template == "staff_welcome"))
    link = re.search(r"http://campaignsafe\.test(/set-password/\S+)", body).group(1)

    theirs = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, locale="en-GB")
    newcomer = theirs.new_page()
    newcomer.goto(link)
    check_accessibility(newcomer)
    screenshot(newcomer, "staff-welcome-set-password")
    newcomer.get_by_label("New password", exact=True).fill("a long new passphrase")
    newcomer.get_by_label("Type the new password again").fill("a long new passphrase")
    newcomer.get_by_role("button", name="Save my password").click()
    newcomer.wait_for_url("**/sign-in")
    newcomer.get_by_label("Email address").fill("riley.new@police.example")
    newcomer.get_by_label("Password", exact=True).fill("a long new passphrase")
    newcomer.get_by_role("button", name="Sign in").click()
    newcomer.wait_for_url("**/two-factor/set-up")
    theirs.close()
