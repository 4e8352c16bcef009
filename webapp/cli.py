"""Command-line tools: reference data, demo data and accounts for staff roles."""

import secrets

import click
from flask import Flask
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.councils import find_council, force_mismatch
from webapp.demo import seed_demo_data
from webapp.extensions import db
from webapp.models import Force, Role, User
from webapp.models.audit import record
from webapp.passwords import hash_password
from webapp.seed import seed_reference_data
from webapp.staff.accounts import send_set_password_link
from webapp.timeutil import to_london
from webapp.validators import normalise_email


def init_app(app: Flask) -> None:
    """The app-wide commands; each area's own command group is added by create_app."""

    @app.cli.command("seed-reference")
    def seed_reference():
        """Add the police forces and the next May election (safe to repeat)."""
        seed_reference_data(to_london(utcnow()).date())
        click.echo("Reference data is in place.")

    @app.cli.command("seed-demo")
    def seed_demo():
        """Reference data plus demo accounts for every role (safe to repeat)."""
        seed_reference_data(to_london(utcnow()).date())
        for line in seed_demo_data():
            click.echo(line)

    @app.cli.command("create-user")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--email", required=True)
    @click.option("--name", default="")
    @click.option("--force", "force_code",
                  help="Police force code (FEOA and election-office accounts), e.g. avon-and-somerset")
    @click.option("--council", "council_key",
                  help="Council name or GSS code, from the councils table (election-office accounts)")
    @click.option("--password", default=None,
                  help="FEOA and election-office accounts: leave it out and they are emailed a link to choose "
                       "one (72 hours). Other roles: prompted for when not given.")
    def create_user(role, email, name, force_code, council_key, password):
        """Create an account for any role (FEOA needs --force; election office needs --council, and
        --force names the force its consenting candidates are handed over to)."""
        staff = role in (Role.FEOA.value, Role.ELECTION_OFFICE.value, Role.ADMIN.value)
        # An administrator is prompted: the first one is made before email may be set up.
        if password is None and role not in (Role.FEOA.value, Role.ELECTION_OFFICE.value):
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            email = normalise_email(email)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--email") from error
        if password is not None and len(password) < 10:
            raise click.BadParameter("use at least 10 characters", param_hint="--password")
        force = None
        if role == Role.FEOA.value and not force_code:
            raise click.UsageError("An FEOA account needs --force <code>.")
        if role == Role.ELECTION_OFFICE.value and not council_key:
            raise click.UsageError("An election-office account needs --council <name or GSS code>.")
        if force_code and role in (Role.FEOA.value, Role.ELECTION_OFFICE.value):
            force = db.session.scalar(select(Force).where(Force.code == force_code))
            if force is None:
                raise click.BadParameter(f"no force with code {force_code!r}", param_hint="--force")
        council = None
        if role == Role.ELECTION_OFFICE.value:
            council = find_council(council_key)
            if council is None:
                raise click.BadParameter(f"no council named or coded {council_key!r} (an administrator can add it "
                                         "on the Councils page)", param_hint="--council")
            problem = force_mismatch(council, force)
            if problem:
                raise click.BadParameter(problem, param_hint="--force")
            if force is None and len(council.forces) == 1:
                force = council.forces[0]
        if db.session.scalar(select(User.id).where(User.email == email)):
            raise click.UsageError(f"An account with {email} already exists.")
        # Without --password nobody knows it: the owner chooses one from the emailed link.
        user = User(email=email, name=name, role=role, password_hash=hash_password(password or secrets.token_urlsafe(32)),
                    force=force, council=council)
        db.session.add(user)
        db.session.flush()
        if staff:
            record("account.created", subject=user, detail=f"role {role}, from the command line")
        if password is None:
            send_set_password_link(user)
        db.session.commit()
        click.echo(f"Created {Role(role).label} account {email}.")
        if password is None:
            click.echo("They have been emailed a link to choose their password (it works once, for 72 hours); "
                       "the jobs process sends it.")
        if council is not None and not council.forces:
            click.echo(f"{council.name} has no police force yet, so its imports cannot hand candidates over: "
                       "an administrator can set it on the Councils page.")
