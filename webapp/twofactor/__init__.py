"""Two-factor sign-in for staff accounts (FEOA, election office, admin)."""

from webapp.twofactor.gate import code_step_redirect
from webapp.twofactor.routes import bp


@bp.before_app_request
def _staff_need_the_code_step():
    """A safety net for every page, not only the role-gated ones (webapp/twofactor/gate.py has the rule)."""
    return code_step_redirect()


__all__ = ["bp"]
