"""A person's shown name and whether they have an emergency contact mean the same in Python and in
SQL (the dashboard reads both for a plan's owner in its one statement)."""

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User


@pytest.mark.both_databases
@pytest.mark.parametrize(("name", "contact_name", "contact_mobile", "shown", "has_contact"), [
    ("Alex Morgan", "Jamie", "+447911123459", "Alex Morgan", True),
    ("", "Jamie", None, "{email}", False),
    (None, "", "+447911123459", "{email}", False),
    ("Alex Morgan", None, None, "Alex Morgan", False),
])
def test_the_shown_name_and_the_emergency_contact_read_the_same_in_python_and_sql(
        make_user, name, contact_name, contact_mobile, shown, has_contact):
    user = make_user("candidate", name=name, emergency_contact_name=contact_name,
                     emergency_contact_mobile=contact_mobile)
    expected = shown.format(email=user.email)
    assert (user.display_name, user.has_emergency_contact) == (expected, has_contact)
    in_sql = db.session.execute(select(User.display_name, User.has_emergency_contact)
                                .where(User.id == user.id)).one()
    assert (in_sql[0], bool(in_sql[1])) == (expected, has_contact)
