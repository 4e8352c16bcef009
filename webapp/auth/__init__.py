"""Accounts: register, sign in and out, reset and change passwords."""

from flask import Flask

from webapp.auth.routes import bp
from webapp.auth.session_setup import init_app as _init_login


def init_app(app: Flask) -> None:
    _init_login(app)


__all__ = ["bp", "init_app"]
