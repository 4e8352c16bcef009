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

    from webapp import (
        auth,
        core,
        errors,
        feoa,
        incidents,
        monitoring,
        notify,
        office,
        plans,
        privacy,
        profile,
        reminders,
        security,
        sessions,
        sqlite,
        staff,
        teams,
        templating,
        twofactor,
        webhooks,
    )
    from webapp.cli import register_commands

    security.init_app(app)
    sqlite.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    privacy.init_app(app)
    blueprints = (auth.bp, core.bp, profile.bp, plans.bp, notify.bp, reminders.bp, webhooks.bp, sessions.bp,
                  incidents.bp, office.bp, twofactor.bp, feoa.bp, staff.bp,
                  monitoring.bp, privacy.bp)
    for blueprint in (*blueprints, *teams.blueprints()):
        app.register_blueprint(blueprint)
    register_commands(app)
    return app
