"""Two-factor sign-in: a TOTP secret per staff account and its one-time recovery codes."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.at_rest import decrypt, encrypt
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.timeutil import UTCDateTime


class TwoFactor(db.Model):
    """An authenticator app enrolled for one account (confirmed once a first code matched)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    # The TOTP secret, Fernet-encrypted (webapp/at_rest.py; migration 0014). Use `.secret`.
    secret_encrypted: Mapped[str] = mapped_column(Text)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The 30-second time-step of the last code accepted: a code is never accepted twice.
    last_used_step: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Wrong codes: how many since `failures_since` (a rolling day); at the limit the account is
    # locked until a recovery code is used or an administrator resets two-factor.
    failed_codes: Mapped[int] = mapped_column(default=0, server_default="0")
    failures_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")

    @property
    def secret(self) -> str:
        return decrypt(self.secret_encrypted)

    @secret.setter
    def secret(self, value: str) -> None:
        self.secret_encrypted = encrypt(value)


class RecoveryCode(db.Model):
    """A one-time code for when the phone is lost; only its SHA-256 is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
