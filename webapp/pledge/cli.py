"""`flask --app webapp pledge publish --title ... --body-file ... --url ...`"""

import click
from flask.cli import AppGroup

from webapp.extensions import db
from webapp.pledge import signing

pledge_group = AppGroup("pledge", help="The Civility Pledge text.")


@pledge_group.command("publish")
@click.option("--title", required=True, help="Title of the new version")
@click.option("--body-file", type=click.File("r", encoding="utf-8"), required=True,
              help="Text file with one commitment a line")
@click.option("--url", "official_url", required=True, help="https:// link to the official pledge page")
def publish(title, body_file, official_url):
    """Publish a new version: everyone who signed an older one is asked to sign again."""
    body = body_file.read().strip()
    if not body or len(body) > 4000:
        raise click.BadParameter("the text must have 1 to 4,000 characters", param_hint="--body-file")
    if not official_url.startswith("https://") or len(official_url) > 300:
        raise click.BadParameter("give a full https:// link", param_hint="--url")
    if not title.strip() or len(title) > 120:
        raise click.BadParameter("1 to 120 characters", param_hint="--title")
    try:
        version = signing.publish(title.strip(), body, official_url, None)
    except signing.UnchangedText as same:
        raise click.BadParameter(f"these are the same commitments as version {same.version.number}: "
                                 "change the text to publish", param_hint="--body-file") from same
    db.session.commit()
    click.echo(f"Published version {version.number} of the Civility Pledge.")


@pledge_group.command("show")
def show():
    """Print the current version."""
    version = signing.current_version()
    db.session.commit()
    click.echo(f"Version {version.number}: {version.title}\n{version.body}\n{version.official_url}")
