"""Flask-Login wiring: how a signed-in user is loaded, and where others are sent."""

from flask import Flask
from sqlalchemy import bindparam, select

from webapp.extensions import db, login_manager
from webapp.models import User

# Built once, run with each request's id: the side-by-side page bench needs it (bench/README.md, issue 15).
USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(session_id: str):
        session_id = str(session_id)
        # The session (or remember-me cookie) holds "<id>:<session version>": any other version is a
        # session that was ended (sign-out, password change, deactivation) and opens nothing.
        user_key, _, stamp = session_id.partition(":")
        if not user_key.isdigit():
            return None
        user = db.session.scalar(USER_BY_ID, {"user_id": int(user_key)})
        if user is None or not user.is_active or user.get_id() != session_id:
            return None
        return user
