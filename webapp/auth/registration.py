"""Registering without telling anyone which addresses have accounts.

Every valid registration gets the same answer on screen ("check your email") and the same work
(the password is hashed either way). A new address gets a link that creates the account when
opened (so an address is proven before it has an account); an address that already has one gets
an email telling its holder, with links to sign in or reset the password. Nothing is stored until
the link is used: the name, address and password hash (Fernet-encrypted) travel in the signed link.
"""

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.access import mark_checked
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Candidacy, Role, User
from webapp.notify.outbox import enqueue
from webapp.passwords import hash_password
from webapp.tokens import InvalidToken, make_token, read_token
from webapp.twofactor.at_rest import InvalidToken as UnreadableSecret
from webapp.twofactor.at_rest import decrypt, encrypt

PURPOSE = "register"


def _public(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def start_registration(name: str, email: str, password: str) -> None:
    """Email a link to finish (new address) or a heads-up to the account holder (caller commits)."""
    password_hash = hash_password(password)  # for both, so the time taken says nothing either
    existing = db.session.scalar(select(User).where(User.email == email))
    stamp = int(utcnow().timestamp())
    if existing is not None:
        enqueue(channel="email", recipient=existing.email, template="register_existing",
                values={"name": existing.display_name, "sign_in": _public(url_for("auth.login")),
                        "reset": _public(url_for("auth.forgot_password"))},
                dedupe_key=f"register-existing:{existing.id}:{stamp}", user_id=existing.id, kind="register-existing")
        return
    token = make_token(PURPOSE, {"name": name, "email": email, "hash": encrypt(password_hash)})
    enqueue(channel="email", recipient=email, template="register_confirm",
            values={"name": name, "link": _public(url_for("auth.finish_registration", token=token)),
                    "hours": current_app.config["REGISTER_LINK_MAX_AGE"] // 3600},
            dedupe_key=f"register:{email}:{stamp}", kind="register-confirm")


def registration_from_token(token: str) -> dict:
    """The pending registration in a link; InvalidToken (or ExpiredToken) if it can't be used."""
    payload = read_token(PURPOSE, token, current_app.config["REGISTER_LINK_MAX_AGE"])
    if not isinstance(payload, dict) or not all(isinstance(payload.get(k), str) for k in ("name", "email", "hash")):
        raise InvalidToken("not a registration")
    if db.session.scalar(select(User.id).where(User.email == payload["email"])) is not None:
        raise InvalidToken("already used")
    mark_checked("token")
    return payload


def create_account(registration: dict) -> User:
    """The candidate account from a registration link; InvalidToken if the address was taken meanwhile."""
    try:
        password_hash = decrypt(registration["hash"])
    except UnreadableSecret as error:
        raise InvalidToken("unreadable") from error
    user = User(name=registration["name"], email=registration["email"], password_hash=password_hash,
                role=Role.CANDIDATE.value)
    db.session.add(user)
    db.session.add(Candidacy(user=user))
    try:
        db.session.flush()
    except IntegrityError as error:  # two clicks at once: the unique address lets one through
        db.session.rollback()
        raise InvalidToken("already used") from error
    return user
