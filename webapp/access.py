"""`role_required(...)`: the gate for staff areas. It needs the role AND, for staff roles,
a two-factor check in this session — a password alone never opens these pages."""

from functools import wraps

from flask import abort, g, request, url_for
from flask_login import current_user, logout_user

from webapp.extensions import login_manager
from webapp.htmx import hx_redirect
from webapp.models import Role
from webapp.security import safe_next_url
from webapp.twofactor.codes import needs_two_factor
from webapp.twofactor.state import begin_pending, is_verified


def role_required(*roles: Role):
    """Signed in with one of `roles` (else 404: the area is not shown to others) and two-factor done."""
    allowed = tuple(Role(r) for r in roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*allowed):
                abort(404)
            if needs_two_factor(current_user) and not is_verified(current_user):
                # e.g. restored from a "keep me signed in" cookie: ask for a code before going on.
                user = current_user._get_current_object()
                logout_user()
                begin_pending(user, remember=False, next_url=safe_next_url(request.full_path.rstrip("?")))
                return hx_redirect(url_for("twofactor.verify"))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def mark_checked(*url_args: str) -> None:
    """Record that this request's URL arguments (e.g. "activity_id") were checked by their resource's
    access module. Each access module calls it; tests/hardening walks the URL map and fails a route whose
    ids were not checked, so a new route cannot skip its resource's access rule."""
    checked = g.setdefault("access_checked", set())
    checked.update(url_args)


def checked_url_args() -> frozenset[str]:
    """The URL arguments this request's access modules have checked so far."""
    return frozenset(g.get("access_checked", ()))
