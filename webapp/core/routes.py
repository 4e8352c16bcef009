from flask import Blueprint, abort, current_app, jsonify, render_template, send_from_directory
from flask_login import current_user
from sqlalchemy import text

from webapp.clock import utcnow
from webapp.core.guidance import GUIDANCE_PAGES, GUIDANCE_SUMMARIES
from webapp.core.pwa import service_worker_source
from webapp.extensions import db
from webapp.models import Role
from webapp.monitoring.health import stale_jobs
from webapp.plans.dashboard import dashboard_context, role_links
from webapp.sessions.lifecycle import open_session_for

bp = Blueprint("core", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    user = current_user._get_current_object()
    if user.has_role(Role.CANDIDATE, Role.TEAM_MEMBER):
        return render_template("core/home.html", running=open_session_for(user), **dashboard_context(user, utcnow()))
    return render_template("core/home_staff.html", links=role_links(user))


@bp.get("/safety")
def guidance_index():
    return render_template("core/guidance_index.html", pages=GUIDANCE_PAGES, summaries=GUIDANCE_SUMMARIES)


@bp.get("/safety/<slug>")
def guidance(slug: str):
    if slug not in GUIDANCE_PAGES:
        abort(404)
    return render_template(f"core/guidance/{slug}.html", title=GUIDANCE_PAGES[slug], pages=GUIDANCE_PAGES)


@bp.get("/offline")
def offline():
    return render_template("core/offline.html")


@bp.get("/manifest.webmanifest")
def manifest():
    response = send_from_directory(current_app.static_folder, "manifest.webmanifest")
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/service-worker.js")
def service_worker():
    # Served from the root so its scope covers every page; never cached, so updates arrive promptly.
    response = current_app.response_class(service_worker_source(current_app.static_folder),
                                          mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means the database is down for us
        db.session.rollback()
        current_app.logger.exception("health check: database unreachable")
        return jsonify(status="unavailable", database="down"), 503
    # A stale jobs process is reported, never a reason to take web servers out of rotation:
    # the 999 card and the SOS button must stay reachable. /healthz/jobs is the check that fails.
    try:
        jobs = "stale" if stale_jobs(utcnow()) else "ok"
    except Exception:  # noqa: BLE001 - e.g. mid-deploy, before `db upgrade`: still serve pages
        db.session.rollback()
        current_app.logger.exception("health check: could not read the jobs' last runs")
        jobs = "stale"
    return jsonify(status="ok", database="ok", jobs=jobs)
