"""Two-factor sign-in for staff accounts (FEOA, election office, admin)."""

from flask import Flask

from webapp.twofactor.gate import code_step_redirect


def init_app(app: Flask) -> None:
    app.before_request(_staff_need_the_code_step)


def _staff_need_the_code_step():
    """A safety net for every page, not only the role-gated ones (webapp/twofactor/gate.py has the rule)."""
    return code_step_redirect()


__all__ = ["init_app"]
