"""Two-factor sign-in for staff accounts (FEOA, election office, admin)."""

from flask import Flask, request, url_for
from flask_login import current_user, logout_user

from webapp.htmx import hx_redirect
from webapp.security import safe_next_url
from webapp.twofactor.codes import needs_two_factor
from webapp.twofactor.state import begin_pending, is_verified

# Pages a half-signed-in staff member may still reach (the code step itself, signing out, assets).
OPEN_ENDPOINTS = {"static", "core.healthz", "core.manifest", "core.service_worker", "auth.logout"}


def init_app(app: Flask) -> None:
    app.before_request(_staff_need_the_code_step)


def _staff_need_the_code_step():
    """A safety net for every page: a staff session that has not passed the code step (e.g. one
    restored from a "keep me signed in" cookie) is signed out and asked for a code first."""
    endpoint = request.endpoint or ""
    if endpoint in OPEN_ENDPOINTS or endpoint.startswith("twofactor."):
        return None
    if not current_user.is_authenticated or not needs_two_factor(current_user) or is_verified(current_user):
        return None
    user = current_user._get_current_object()
    logout_user()
    next_url = safe_next_url(request.full_path.rstrip("?")) if request.method == "GET" else None
    begin_pending(user, remember=False, next_url=next_url)
    return hx_redirect(url_for("twofactor.verify"))


__all__ = ["init_app"]
