"""Access, in two layers. `role_required(...)` is the one role gate for a page: signed in, with one of the roles,
and (for staff) past the two-factor code step. Then each resource's access module (`<area>/access.py`:
`get_<thing>_or_404(...)`) scopes the object in the URL to the user, decides 404 or 403, and calls
`mark_checked` for the URL arguments it checked."""

from collections.abc import Callable
from functools import wraps

from flask import abort, g
from flask_login import current_user

from webapp.extensions import login_manager
from webapp.models import Role, User
from webapp.twofactor.gate import code_step_redirect


def role_required(*roles: Role, also: Callable[[User], bool] | None = None):
    """Signed in with one of `roles` (and meeting `also`, if given), else 404: the area is not shown to others.
    Staff must have passed the code step in this session (a password alone never opens these pages)."""
    allowed = tuple(Role(r) for r in roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*allowed) or (also is not None and not also(current_user)):
                abort(404)
            return code_step_redirect() or view(*args, **kwargs)

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
