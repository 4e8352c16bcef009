import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import User


def test_an_election_office_account_is_created_with_its_council_and_force(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--role", "election_office", "--email", "Office@Example.org", "--council",
        "Bristol City Council", "--force", "avon-and-somerset", "--password", "long enough password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "office@example.org"))
    assert user.council.name == "Bristol City Council" and user.force.code == "avon-and-somerset"


def test_an_office_account_named_by_gss_code_takes_its_councils_force(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--role", "election_office", "--email", "o@example.org", "--council", "e06000023",
        "--password", "long enough password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "o@example.org"))
    assert (user.council.name, user.force.code) == ("Bristol City Council", "avon-and-somerset")


@pytest.mark.parametrize(("council", "force", "message"), [
    ("Bristol", None, "no council named or coded 'Bristol'"),
    ("Made Up Council", "avon-and-somerset", "no council named or coded 'Made Up Council'"),
    ("Bristol City Council", "west-yorkshire", "Bristol City Council lies in Avon and Somerset Police, not West Yorkshire"),
])
def test_an_unknown_council_or_a_force_it_does_not_lie_in_is_refused_with_exit_code_2(app, council, force, message):
    args = ["create-user", "--role", "election_office", "--email", "o@example.org", "--council", council,
            "--password", "long enough password"] + (["--force", force] if force else [])
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 2 and message in result.output
    assert db.session.scalar(sa.select(User.id).where(User.email == "o@example.org")) is None


def test_an_office_of_a_council_without_a_force_is_told_it_cannot_hand_over_yet(app, make_council):
    make_council("Forceless District Council", force_codes=())
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--role", "election_office", "--email", "o@example.org", "--council",
        "Forceless District Council", "--password", "long enough password"])
    assert result.exit_code == 0 and "cannot hand candidates over" in result.output


def test_an_admin_gives_an_election_office_its_force_on_the_admin_page(client, sign_in, make_user):
    sign_in(make_user("admin"))
    response = client.post("/admin/accounts", data={"role": "election_office", "name": "Electoral Services",
                                                    "email": "elections@bristol.example", "council": "Bristol City Council",
                                                    "force": "avon-and-somerset"})
    assert response.status_code == 303
    user = db.session.scalar(sa.select(User).where(User.email == "elections@bristol.example"))
    assert (user.council.name, user.force.code) == ("Bristol City Council", "avon-and-somerset")


@pytest.mark.parametrize(("council", "force", "field", "message"), [
    ("Made Up Council", "avon-and-somerset", "council", "no council called Made Up Council"),
    ("Bristol City Council", "west-yorkshire", "force", "lies in Avon and Somerset Police, not West Yorkshire"),
])
def test_the_admin_form_refuses_an_unknown_council_or_a_mismatched_force(client, sign_in, make_user, council, force,
                                                                         field, message):
    sign_in(make_user("admin"))
    response = client.post("/admin/accounts", data={"role": "election_office", "name": "Electoral Services",
                                                    "email": "elections@bristol.example", "council": council,
                                                    "force": force})
    assert response.status_code == 422
    form = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert message in form.select_one(f"#{field}-field .error-message").text
    assert form.select_one("#council")["value"] == council
    assert db.session.scalar(sa.select(User.id).where(User.email == "elections@bristol.example")) is None
