import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Role, User
from webapp.passwords import verify_password

STAFF_PASSWORD = "copper whistle orchard"


def create_user(runner, *args, password=STAFF_PASSWORD):
    extra = ["--password", password] if password is not None else []
    return runner.invoke(args=["create-user", *args, *extra])


def users():
    return db.session.scalars(sa.select(User)).all()


def test_an_admin_creates_an_feoa_account_for_a_force_from_the_command_line(runner):
    result = create_user(runner, "--role", "feoa", "--force", "avon-and-somerset", "--email", "PC.Jones@Police.example",
                         "--name", "PC Sam Jones")
    assert result.exit_code == 0, result.output
    assert "Created Police adviser (FEOA) account pc.jones@police.example." in result.output
    (user,) = users()
    assert (user.role, user.force.code, user.name) == (Role.FEOA.value, "avon-and-somerset", "PC Sam Jones")
    assert verify_password(user.password_hash, STAFF_PASSWORD)


def test_an_election_office_account_belongs_to_a_council(runner):
    result = create_user(runner, "--role", "election_office", "--council", "Bristol City Council",
                         "--force", "avon-and-somerset", "--email", "elections@bristol.example")
    assert result.exit_code == 0, result.output
    assert users()[0].council.name == "Bristol City Council"
    assert users()[0].force.code == "avon-and-somerset"


def test_the_password_is_asked_for_twice_when_not_given(runner):
    result = runner.invoke(args=["create-user", "--role", "admin", "--email", "admin@example.org"],
                           input=f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert verify_password(users()[0].password_hash, STAFF_PASSWORD)


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "feoa", "--force", "atlantis", "--email", "pc@police.example"], STAFF_PASSWORD, "no force with code 'atlantis'"),
        (["--role", "feoa", "--email", "pc@police.example"], STAFF_PASSWORD, "An FEOA account needs --force <code>."),
        (["--role", "feoa", "--force", "avon-and-somerset", "--email", "not-an-email"], STAFF_PASSWORD, "Enter an email address like name@example.org."),
        (["--role", "election_office", "--email", "e@council.example"], STAFF_PASSWORD, "An election-office account needs --council <name or GSS code>."),
        (["--role", "admin", "--email", "admin@example.org"], "short", "use at least 10 characters"),
        (["--role", "superuser", "--email", "admin@example.org"], STAFF_PASSWORD, "'superuser' is not one of"),
        (["--force", "avon-and-somerset", "--email", "pc@police.example"], STAFF_PASSWORD, "Missing option '--role'"),
    ],
)
def test_bad_create_user_input_is_refused_with_a_clear_message_and_creates_nothing(runner, args, password, message):
    result = create_user(runner, *args, password=password)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert users() == []


def test_an_email_that_already_has_an_account_is_refused(runner, make_user):
    make_user("candidate", email="pc@police.example")
    result = create_user(runner, "--role", "feoa", "--force", "avon-and-somerset", "--email", "pc@police.example")
    assert result.exit_code == 2
    assert "An account with pc@police.example already exists." in result.output
    assert len(users()) == 1
