"""Signing, withdrawing and listing the Civility Pledge. We record who, which version and when."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Candidacy, PledgeSignature, PledgeVersion, Role, User
from webapp.pledge.text import FIRST_VERSION

SIGNER_ROLES = (Role.CANDIDATE, Role.TEAM_MEMBER)


def current_version() -> PledgeVersion:
    """The newest published text; version 1 is put in place the first time it is asked for."""
    version = db.session.scalar(select(PledgeVersion).order_by(PledgeVersion.number.desc()).limit(1))
    if version is not None:
        return version
    try:
        with db.session.begin_nested():
            db.session.add(PledgeVersion(**FIRST_VERSION, published_at=utcnow()))
    except IntegrityError:
        pass  # another request put version 1 in place at the same moment
    return db.session.scalar(select(PledgeVersion).order_by(PledgeVersion.number.desc()).limit(1))


def publish(title: str, body: str, official_url: str, by: User | None) -> PledgeVersion:
    latest = current_version()
    version = PledgeVersion(number=latest.number + 1, title=title, body=body, official_url=official_url,
                            published_at=utcnow(), published_by_id=getattr(by, "id", None))
    db.session.add(version)
    db.session.flush()
    return version


def active_signature(user) -> PledgeSignature | None:
    """The person's latest signature that they have not withdrawn (of any version)."""
    return db.session.scalar(select(PledgeSignature).where(
        PledgeSignature.user_id == user.id, PledgeSignature.withdrawn_at.is_(None),
    ).order_by(PledgeSignature.signed_at.desc(), PledgeSignature.id.desc()).limit(1))


def sign(user: User, full_name: str, public: bool) -> PledgeSignature:
    """Sign the current version; an older active signature is closed (superseded)."""
    version = current_version()
    now = utcnow()
    for old in db.session.scalars(select(PledgeSignature).where(
            PledgeSignature.user_id == user.id, PledgeSignature.withdrawn_at.is_(None))):
        old.withdrawn_at = now
    signature = PledgeSignature(user_id=user.id, version_id=version.id, full_name=full_name,
                                signed_at=now, public=public)
    db.session.add(signature)
    db.session.flush()
    return signature


def withdraw(signature: PledgeSignature) -> None:
    signature.withdrawn_at = utcnow()
    signature.public = False


def signed_user_ids(user_ids: list[int]) -> set[int]:
    """Of these people, who has an active signature of the current version."""
    if not user_ids:
        return set()
    version = current_version()
    return set(db.session.scalars(select(PledgeSignature.user_id).where(
        PledgeSignature.user_id.in_(user_ids), PledgeSignature.withdrawn_at.is_(None),
        PledgeSignature.version_id == version.id)))


def _public_query():
    return (select(PledgeSignature, Candidacy)
            .join(User, User.id == PledgeSignature.user_id)
            .outerjoin(Candidacy, Candidacy.user_id == User.id)
            .where(PledgeSignature.public.is_(True), PledgeSignature.withdrawn_at.is_(None), User.active.is_(True)))


def public_signatories(council: str | None, party: str | None) -> list[tuple[PledgeSignature, Candidacy | None]]:
    query = _public_query()
    if council:
        query = query.where(Candidacy.council == council)
    if party:
        query = query.where(Candidacy.party == party)
    return [(row[0], row[1]) for row in db.session.execute(query.order_by(PledgeSignature.full_name, PledgeSignature.id))]


def public_counts(column) -> list[tuple[str, int]]:
    """(value, number of public signatories) for a Candidacy column, biggest first."""
    inner = _public_query().with_only_columns(column.label("value")).where(column.is_not(None), column != "").subquery()
    rows = db.session.execute(select(inner.c.value, func.count()).group_by(inner.c.value)
                              .order_by(func.count().desc(), inner.c.value))
    return [(value, count) for value, count in rows]
