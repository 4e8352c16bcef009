"""Personal data with a life cycle: the retention schedule, the purge, the privacy notice,
downloading and deleting one's own data."""

from webapp.privacy.routes import bp

__all__ = ["bp", "init_app"]


def init_app(app) -> None:
    from webapp.privacy.cli import purge_command

    app.cli.add_command(purge_command)
