"""The FEOA's candidate list: search, filters, contacted/briefed status, one query per page.

Nominated candidates (from an election office's import, on the app or not yet) make the main list;
self-registered ones are listed apart, as "Not confirmed by an election office".
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, or_, select

from webapp.extensions import db
from webapp.feoa.scope import visible_condition
from webapp.models import NOMINATED, OFFICES, Candidacy, FeoaContact, PledgeSignature, User

STATUS_FILTERS = {
    "": "Everyone",
    "not_contacted": "Not yet contacted",
    "contacted": "Contacted, not briefed",
    "briefed": "Briefed",
}


@dataclass
class CandidateRow:
    id: int
    name: str
    office: str | None
    council: str | None
    ward: str | None
    party: str | None
    contacted: bool
    briefed: bool
    last_contact: date | None
    pledged: bool = False
    on_app: bool = True

    @property
    def office_label(self) -> str:
        return OFFICES.get(self.office or "", "")


def _like(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _contact_exists(kind: str | None = None):
    condition = FeoaContact.candidacy_id == Candidacy.id
    if kind:
        condition = condition & (FeoaContact.kind == kind)
    return exists().where(condition)


def candidate_query(feoa: User, search: str = "", status: str = "", office: str = "", verification: str = NOMINATED):
    last_contact = (
        select(func.max(FeoaContact.happened_on)).where(FeoaContact.candidacy_id == Candidacy.id).scalar_subquery()
    )
    briefed = _contact_exists("briefing")
    contacted = _contact_exists()
    # In the select list, per-row counts (index probes) rather than EXISTS, which PostgreSQL may
    # answer by hashing every FEOA's contacts.
    briefings = (
        select(func.count(FeoaContact.id))
        .where(FeoaContact.candidacy_id == Candidacy.id, FeoaContact.kind == "briefing").scalar_subquery()
    )
    pledges = (
        select(func.count(PledgeSignature.id))
        .where(PledgeSignature.user_id == Candidacy.user_id, PledgeSignature.withdrawn_at.is_(None)).scalar_subquery()
    )
    query = (
        # Plain columns, not ORM objects: a page of rows costs less to build.
        select(Candidacy.id, User.name, Candidacy.office, Candidacy.council, Candidacy.ward, Candidacy.party,
               (last_contact.is_not(None)).label("contacted"), (briefings > 0).label("briefed"),
               last_contact.label("last_contact"), (pledges > 0).label("pledged"), User.on_app)
        .join(User, User.id == Candidacy.user_id)
        .where(visible_condition(feoa), Candidacy.verification == verification)
    )
    if search:
        pattern = _like(search)
        query = query.where(or_(
            func.lower(User.name).like(pattern, escape="\\"),
            func.lower(func.coalesce(Candidacy.ward, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(Candidacy.council, "")).like(pattern, escape="\\"),
        ))
    if status == "not_contacted":
        query = query.where(~contacted)
    elif status == "contacted":
        query = query.where(contacted, ~briefed)
    elif status == "briefed":
        query = query.where(briefed)
    if office in OFFICES:
        query = query.where(Candidacy.office == office)
    return query.order_by(User.name, Candidacy.id)


def candidate_page(feoa: User, *, search="", status="", office="", page=1, page_size=25, verification=NOMINATED):
    """One page of rows, and whether there is a next page (one query)."""
    query = candidate_query(feoa, search, status, office, verification).offset((page - 1) * page_size).limit(page_size + 1)
    rows = [CandidateRow(*row) for row in db.session.execute(query)]
    return rows[:page_size], len(rows) > page_size


def not_contacted_with_total(feoa: User, *, limit: int) -> tuple[list[tuple[int, str]], int]:
    """(candidacy id, name) of the first `limit` candidates not yet contacted, and how many in all."""
    rows = db.session.execute(
        select(Candidacy.id, User.name, func.count().over())
        .join(User, User.id == Candidacy.user_id)
        .where(visible_condition(feoa), ~_contact_exists())
        .order_by(User.name, Candidacy.id).limit(limit)
    ).all()
    return [(r[0], r[1]) for r in rows], (rows[0][2] if rows else 0)
