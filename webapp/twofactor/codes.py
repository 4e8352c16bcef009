"""TOTP codes and recovery codes: checking them, refusing reuse, and making new ones."""

import enum
import hashlib
import hmac
import secrets
from datetime import timedelta

import pyotp
import segno
from sqlalchemy import case, delete, select, update

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import RecoveryCode, Role, TwoFactor, User

ISSUER = "CampaignSafe"
ROLES_NEEDING_TWO_FACTOR = (Role.FEOA, Role.ELECTION_OFFICE, Role.ADMIN)
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class CodeResult(enum.Enum):
    ACCEPTED = "accepted"
    REUSED = "reused"
    WRONG = "wrong"


def needs_two_factor(user: User) -> bool:
    return user.has_role(*ROLES_NEEDING_TWO_FACTOR)


def enrolment_for(user: User) -> TwoFactor | None:
    return db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id))


def is_enrolled(user: User) -> bool:
    enrolment = enrolment_for(user)
    return enrolment is not None and enrolment.confirmed_at is not None


def start_enrolment(user: User) -> TwoFactor:
    """The unconfirmed enrolment for `user`, made with a new secret if there is none."""
    enrolment = enrolment_for(user)
    if enrolment is None:
        enrolment = TwoFactor(user_id=user.id, secret=pyotp.random_base32())
        db.session.add(enrolment)
        db.session.flush()
    return enrolment


def provisioning_uri(user: User, enrolment: TwoFactor) -> str:
    return pyotp.TOTP(enrolment.secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI (allowed by the CSP's img-src; no script needed)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def check_code(enrolment: TwoFactor, code: str) -> CodeResult:
    """Accept a code from this 30-second window or the one either side (pyotp's valid_window=1),
    but never one at or before the last step accepted: a code works once."""
    totp = pyotp.TOTP(enrolment.secret)
    now = utcnow()
    current = totp.timecode(now)
    for offset in (0, -1, 1):
        step = current + offset
        if hmac.compare_digest(totp.generate_otp(step), code):
            # One conditional UPDATE, so two requests racing with the same code cannot both pass.
            claimed = db.session.execute(
                update(TwoFactor)
                .where(TwoFactor.id == enrolment.id, TwoFactor.last_used_step < step)
                .values(last_used_step=step)
                .execution_options(synchronize_session=False)
            ).rowcount
            return CodeResult.ACCEPTED if claimed == 1 else CodeResult.REUSED
    return CodeResult.WRONG


FAILURE_WINDOW = timedelta(days=1)


def is_locked(enrolment: TwoFactor) -> bool:
    return enrolment.locked_at is not None


def record_wrong_code(enrolment: TwoFactor, limit: int) -> bool:
    """Count a wrong code (a rolling day from the first one); True if this one locked the account.

    One UPDATE each, so codes guessed in parallel are all counted and only one of them locks."""
    now = utcnow()
    window_open = TwoFactor.failures_since > now - FAILURE_WINDOW
    db.session.execute(
        update(TwoFactor).where(TwoFactor.id == enrolment.id)
        .values(failed_codes=case((window_open, TwoFactor.failed_codes + 1), else_=1),
                failures_since=case((window_open, TwoFactor.failures_since), else_=now))
        .execution_options(synchronize_session=False))
    locked = db.session.execute(
        update(TwoFactor).where(TwoFactor.id == enrolment.id, TwoFactor.locked_at.is_(None),
                                TwoFactor.failed_codes >= limit)
        .values(locked_at=now).execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(enrolment)
    return locked


def clear_failures(enrolment: TwoFactor) -> None:
    """A good code or a recovery code: the count starts again and any lock is lifted."""
    enrolment.failed_codes = 0
    enrolment.failures_since = None
    enrolment.locked_at = None


def _hash_recovery_code(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the plain codes are only ever shown once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(raw)))
    return codes


def use_recovery_code(user: User, code: str) -> CodeResult:
    digest = _hash_recovery_code(code)
    claimed = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed == 1:
        return CodeResult.ACCEPTED
    used = db.session.scalar(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest)
    )
    return CodeResult.REUSED if used else CodeResult.WRONG


def recovery_codes_left(user: User) -> int:
    return len(db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all())


def reset(user: User) -> None:
    """Forget the authenticator and recovery codes: the next sign-in enrols again."""
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
