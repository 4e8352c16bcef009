"""A double tap on a form's button (a phone in a gloved hand, a slow signal) saves once."""

import pytest
from sqlalchemy import func, select

from tests.browser.helpers import fill_in_a_plan
from webapp.extensions import db
from webapp.models import Activity, Message

pytestmark = pytest.mark.browser


def test_a_double_tap_on_save_plan_makes_one_plan_and_one_set_of_reminders(page, signed_in_page):
    signed_in_page("candidate", name="Sam Patel", mobile="+447911123456")
    fill_in_a_plan(page, "2027-03-16", "10:10", "12:00")
    page.get_by_role("button", name="Save plan").dblclick()
    page.locator("#activity-messages").wait_for()
    page.wait_for_load_state("networkidle")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Activity)) == 1
    reminders = db.session.scalars(select(Message.activity_id)).all()
    assert reminders and set(reminders) == {db.session.scalar(select(Activity.id))}
