"""Signing, withdrawing and listing the Civility Pledge. We record who, which version and when."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Candidacy, PledgeSignature, PledgeVersion, Role, User, audit
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


class UnchangedText(ValueError):
    """The commitments are word for word those of the current version: nobody needs to sign again."""

    def __init__(self, version: PledgeVersion):
        super().__init__(f"same commitments as version {version.number}")
        self.version = version


PUBLISH_ATTEMPTS = 5


def same_commitments(body: str, version: PledgeVersion) -> bool:
    return [line.strip() for line in body.splitlines() if line.strip()] == version.commitments


def publish(title: str, body: str, official_url: str, by: User | None) -> PledgeVersion:
    """Add the next version (and its audit entry); the caller commits.

    The number is the latest + 1 under the unique constraint on `number`: when another
    publication takes that number first, the insert is retried against the new latest (which may
    turn out to be these very words, then UnchangedText), so two admins publishing at once get
    two versions, never an IntegrityError."""
    for _ in range(PUBLISH_ATTEMPTS):
        latest = current_version()
        if same_commitments(body, latest):
            raise UnchangedText(latest)
        version = PledgeVersion(number=latest.number + 1, title=title, body=body, official_url=official_url,
                                published_at=utcnow(), published_by_id=getattr(by, "id", None))
        try:
            with db.session.begin_nested():
                db.session.add(version)
        except IntegrityError:
            db.session.expire_all()  # read the new latest on the next attempt
            continue
        audit.record("pledge.published", actor=by, detail=f"version {version.number}: {title}")
        return version
    raise RuntimeError(f"could not allocate a pledge version number in {PUBLISH_ATTEMPTS} attempts")


def signer_count() -> int:
    """How many people have a signature they have not withdrawn (all are asked to sign a new version)."""
    return db.session.scalar(select(func.count(func.distinct(PledgeSignature.user_id)))
                             .where(PledgeSignature.withdrawn_at.is_(None))) or 0


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
