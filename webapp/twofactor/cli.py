"""`flask --app webapp two-factor new-key | rotate-keys`: the keys that encrypt TOTP secrets."""

import click
from sqlalchemy import select

from webapp.at_rest import new_key, rotate
from webapp.extensions import db
from webapp.models import TwoFactor


@click.group("two-factor")
def two_factor_group():
    """Keys for two-factor secrets at rest (TWO_FACTOR_KEYS)."""


@two_factor_group.command("new-key")
def new_key_command():
    """Print a new Fernet key to put first in TWO_FACTOR_KEYS."""
    click.echo(new_key())


@two_factor_group.command("rotate-keys")
def rotate_keys():
    """Re-encrypt every secret under the first key of TWO_FACTOR_KEYS (safe to repeat)."""
    count = 0
    for enrolment in db.session.scalars(select(TwoFactor)):
        enrolment.secret_encrypted = rotate(enrolment.secret_encrypted)
        count += 1
    db.session.commit()
    click.echo(f"Re-encrypted {count} two-factor secrets under the first key. Old keys may now be removed.")
