"""Secrets encrypted at rest with Fernet (cryptography), keys from the environment: the TOTP
secrets (models/twofactor.py) and the password hash carried in a registration link (auth/registration.py).

`TWO_FACTOR_KEYS` is a comma-separated list of Fernet keys: the first encrypts, every one decrypts
(MultiFernet), so a key is rotated by putting a new one first, running
`flask --app webapp two-factor rotate-keys`, then removing the old one. Only in development and test,
with no keys set, a key is derived from SECRET_KEY; production refuses to start without keys.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

DERIVED_KEY_ENVIRONMENTS = {"development", "test"}

__all__ = ["InvalidToken", "decrypt", "encrypt", "fernet_for", "new_key"]


def new_key() -> str:
    return Fernet.generate_key().decode()


def _keys(config) -> list[bytes]:
    listed = [key.strip() for key in str(config.get("TWO_FACTOR_KEYS") or "").split(",") if key.strip()]
    if listed:
        return [key.encode() for key in listed]
    if config.get("ENV_NAME") in DERIVED_KEY_ENVIRONMENTS and config.get("SECRET_KEY"):
        digest = hashlib.sha256(b"campaignsafe two-factor secrets\0" + str(config["SECRET_KEY"]).encode()).digest()
        return [base64.urlsafe_b64encode(digest)]
    raise RuntimeError("TWO_FACTOR_KEYS must be set (Fernet keys, comma-separated) outside development")


def fernet_for(config) -> MultiFernet:
    """The keys in `config` (an app's config); a malformed key fails loudly here, at start."""
    try:
        return MultiFernet([Fernet(key) for key in _keys(config)])
    except ValueError as error:
        raise RuntimeError("TWO_FACTOR_KEYS holds a key that is not a Fernet key "
                           "(make one with: python3 -c 'from cryptography.fernet import Fernet; "
                            "print(Fernet.generate_key().decode())')") from error


def _current() -> MultiFernet:
    fernet = current_app.extensions.get("two_factor_fernet")
    if fernet is None:
        fernet = current_app.extensions["two_factor_fernet"] = fernet_for(current_app.config)
    return fernet


def encrypt(secret: str) -> str:
    return _current().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    return _current().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same secret encrypted under the first key."""
    return _current().rotate(token.encode()).decode()
