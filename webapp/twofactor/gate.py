"""The two-factor rule, in one place: a staff session that has not passed the code step is signed out and asked
for a code. The app-wide safety net (webapp/twofactor/__init__.py) and the role gate (webapp/access.py) both
call `code_step_redirect`, so the rule cannot drift between them."""

from flask import request, url_for
from flask_login import current_user, logout_user

from webapp.htmx import hx_redirect
from webapp.security import safe_next_url
from webapp.twofactor.codes import needs_two_factor
from webapp.twofactor.state import begin_pending, is_verified

# Pages a half-signed-in staff member may still reach (the code step itself, signing out, assets).
OPEN_ENDPOINTS = {"static", "core.healthz", "core.manifest", "core.service_worker", "auth.logout"}


def code_step_redirect():
    """None when the request may go on; otherwise the staff member is signed out (e.g. a session restored from a
    "keep me signed in" cookie) and this is the response that sends them to the code step, then back here."""
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
