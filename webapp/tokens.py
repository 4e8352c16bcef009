"""Signed, expiring tokens for links sent by SMS or email (one salt per purpose).

Timestamps come from the app clock, so tests move time instead of sleeping.
Single use is the caller's job: put something in the payload that the use changes.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from webapp.clock import utcnow


class InvalidToken(ValueError):
    """The link was tampered with or is not one of ours."""


class ExpiredToken(InvalidToken):
    """The link was genuine but is too old."""


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"campaignsafe:{purpose}", signer=_ClockSigner
    )


def make_token(purpose: str, payload) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int):
    """The payload of a token made for `purpose`, if genuine and younger than max_age_seconds."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as error:
        raise ExpiredToken("link expired") from error
    except BadSignature as error:
        raise InvalidToken("link not recognised") from error
