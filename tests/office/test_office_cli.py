import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import User


def test_an_election_office_account_is_created_with_its_council_and_force(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--role", "election_office", "--email", "Office@Example.org", "--council",
        "Bristol City Council", "--force", "avon-and-somerset", "--password", "long enough password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "office@example.org"))
    assert user.council == "Bristol City Council" and user.force.code == "avon-and-somerset"


def test_an_election_office_account_without_a_force_is_told_it_cannot_hand_over_yet(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--role", "election_office", "--email", "o@example.org", "--council", "Bristol",
        "--password", "long enough password"])
    assert result.exit_code == 0 and "cannot hand candidates over" in result.output


def test_an_admin_gives_an_election_office_its_force_on_the_admin_page(client, sign_in, make_user):
    sign_in(make_user("admin"))
    response = client.post("/admin/accounts", data={"role": "election_office", "name": "Electoral Services",
                                                    "email": "elections@bristol.example", "council": "Bristol City Council",
                                                    "force": "avon-and-somerset"})
    assert response.status_code == 303
    user = db.session.scalar(sa.select(User).where(User.email == "elections@bristol.example"))
    assert (user.council, user.force.code) == ("Bristol City Council", "avon-and-somerset")
