"""A stable, keyed stand-in for a person's id where a record must outlive their name (the audit log)."""

import hashlib
import hmac

from flask import current_app


def pseudonym(user_id: int | None) -> str | None:
    """The same id always gives the same 12 characters; without SECRET_KEY it cannot be reversed."""
    if user_id is None:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"user:{user_id}".encode(), hashlib.sha256).hexdigest()[:12]
