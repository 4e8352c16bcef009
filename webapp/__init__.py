"""CampaignSafe: create_app() wires config, extensions, blueprints, errors and commands."""

from pathlib import Path

from flask import Flask
from htmx_flask import Htmx

from webapp.clock import SystemClock
from webapp.config import load_config, refuse_unsafe_production
from webapp.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_mapping(load_config(config_name))
    if overrides:
        app.config.from_mapping(overrides)
    refuse_unsafe_production(app.config)
    app.extensions["clock"] = app.config.pop("CLOCK", None) or SystemClock()

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    Htmx(app)
    _init_areas(app)
    _register_blueprints(app)
    return app


# The imports below sit inside functions so that `import webapp.models` (the jobs, migrations, tests)
# does not load every page; only an app being built needs them. Nothing registers itself on import.


def _init_areas(app: Flask) -> None:
    """Each area's app-wide hooks, listeners, inbound-text handlers and commands."""
    from jobs import cli as jobs_cli
    from webapp import cli, errors, postgres, security, sqlite, templating, twofactor
    from webapp.auth import session_setup
    from webapp.feoa import freshness
    from webapp.notify import labels as message_labels
    from webapp.pledge.cli import pledge_group
    from webapp.privacy.cli import purge_command
    from webapp.sessions import inbound as inbound_check_ins
    from webapp.twofactor.cli import two_factor_group

    for area in (security, sqlite, postgres, templating, errors, session_setup, twofactor, freshness,
                 message_labels, inbound_check_ins, cli, jobs_cli):
        area.init_app(app)
    for command in (pledge_group, purge_command, two_factor_group):
        app.cli.add_command(command)


def _register_blueprints(app: Flask) -> None:
    """Every blueprint, from its area's routes module."""
    from webapp.auth import routes as auth
    from webapp.calendar import routes as calendar
    from webapp.core import routes as core
    from webapp.feoa import incident_routes as feoa_incidents
    from webapp.feoa import routes as feoa
    from webapp.incidents import routes as incidents
    from webapp.monitoring import routes as monitoring
    from webapp.notify import routes as notify
    from webapp.office import routes as office
    from webapp.plans import routes as plans
    from webapp.pledge import admin_routes as pledge_admin
    from webapp.pledge import routes as pledge
    from webapp.privacy import routes as privacy
    from webapp.profile import routes as profile
    from webapp.reminders import routes as reminders
    from webapp.sessions import links_routes as session_links
    from webapp.sessions import routes as sessions
    from webapp.staff import councils as staff_councils
    from webapp.staff import routes as staff
    from webapp.teams import hazard_routes as hazards
    from webapp.teams import invite_routes as invitations
    from webapp.teams import plan_routes as team_plans
    from webapp.teams import routes as teams
    from webapp.twofactor import routes as twofactor
    from webapp.webhooks import routes as webhooks

    routes_modules = (auth, core, profile, plans, notify, reminders, webhooks, sessions, session_links, incidents,
                      office, twofactor, feoa, feoa_incidents, staff, staff_councils, monitoring, privacy, teams,
                      invitations, hazards, team_plans, calendar, pledge, pledge_admin)
    # session_links, feoa_incidents and staff_councils add their pages to their area's blueprint.
    for blueprint in dict.fromkeys(module.bp for module in routes_modules):
        app.register_blueprint(blueprint)
