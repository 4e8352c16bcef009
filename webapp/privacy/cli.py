"""`flask --app webapp purge [--dry-run]`: the retention schedule's purge, by hand."""

import click
from flask.cli import with_appcontext

from webapp.privacy import purge as purging


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Print what would be removed (counts only) and change nothing.")
@with_appcontext
def purge_command(dry_run: bool):
    """Delete or anonymise the personal data whose end date has passed (the daily job does this too)."""
    counts = purging.preview() if dry_run else purging.run()
    verb = "would remove" if dry_run else "removed"
    for name, count in counts.items():
        click.echo(f"{name}: {verb} {count}")
