"""Each force's `feoa_version`: bumped in the same transaction as any change its FEOA dashboard
could show, so a section cached under the version read at the start of a request is never stale.

Every ORM write to the tables below is noticed (mapper events), mapped to the forces it concerns
and bumped once when the session commits. A bulk INSERT/UPDATE/DELETE run through the session on
one of these tables bumps every force, except a one-row INSERT that names its way to the force. Writes that bypass the session (a raw connection) are not
seen: do not write these tables that way.

Readers must read the version *before* computing what they cache (webapp/feoa/sections.py): a
change committed in between is then cached under the older version and replaced on the next read.
"""

from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session, object_session

from webapp.models import (
    Activity,
    ActivityAttendee,
    Candidacy,
    Companion,
    FeoaContact,
    Force,
    Incident,
    PledgeSignature,
    User,
)

ALL = "all"
# Model -> (the attribute that leads to the force, what it holds). Any change to these rows counts.
WATCHED = {
    Candidacy: ("force_id", "force"),
    FeoaContact: ("candidacy_id", "candidacy"),
    Incident: ("candidacy_id", "candidacy"),
    Activity: ("owner_id", "user"),
    PledgeSignature: ("user_id", "user"),
    Companion: ("activity_id", "activity"),
    ActivityAttendee: ("activity_id", "activity"),
    User: ("id", "user"),
}
# A user row changes at every sign-in; only these columns reach the dashboard.
USER_COLUMNS = ("name", "active", "role", "on_app")
WATCHED_TABLES = {model.__table__ for model in WATCHED}
_PENDING = "feoa_changed"


def _pending(session: Session) -> dict:
    return session.info.setdefault(_PENDING, {"force": set(), "candidacy": set(), "user": set(),
                                              "activity": set(), ALL: False})


def _noticed(target, *, updated: bool) -> None:
    session = object_session(target)
    if session is None:
        return
    state = inspect(target)
    if updated and type(target) is User and not any(state.attrs[n].history.has_changes() for n in USER_COLUMNS):
        return
    attribute, kind = WATCHED[type(target)]
    pending = _pending(session)
    if attribute not in state.dict or (updated and _moved_from_unknown(state, attribute)):
        pending[ALL] = True  # we cannot tell which force it was in: bump them all
        return
    values = {state.dict[attribute], *state.attrs[attribute].history.deleted}
    pending[kind].update(v for v in values if v is not None)


def _moved_from_unknown(state, attribute: str) -> bool:
    """Whether the row now leads elsewhere but the old value was never loaded (an expired
    attribute, or one set through its relationship): a rare move, such as a candidacy's force."""
    history = state.attrs[attribute].history
    if history.has_changes() and not history.deleted:
        return True
    return any(state.attrs[rel.key].history.has_changes() for rel in state.mapper.relationships
               if attribute in {column.key for column in rel.local_columns})


def _inserted_or_deleted(mapper, connection, target) -> None:
    _noticed(target, updated=False)


def _updated(mapper, connection, target) -> None:
    _noticed(target, updated=True)


def _bump(session: Session) -> None:
    session.flush()  # so every change of this transaction has been noticed
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    bump = update(Force.__table__).values(feoa_version=Force.feoa_version + 1)
    if not pending[ALL]:
        owners = select(Activity.owner_id).where(Activity.id.in_(pending["activity"]))
        candidacies = select(Candidacy.force_id).where(or_(
            Candidacy.id.in_(pending["candidacy"]), Candidacy.user_id.in_(pending["user"]),
            Candidacy.user_id.in_(owners)))
        bump = bump.where(or_(Force.id.in_(pending["force"]), Force.id.in_(candidacies)))
    session.connection().execute(bump)


def _forget(session: Session, *args) -> None:
    session.info.pop(_PENDING, None)


def _bulk_statement(orm_execute_state) -> None:
    state = orm_execute_state
    if (state.is_insert or state.is_update or state.is_delete) and \
            getattr(state.statement, "table", None) in WATCHED_TABLES:
        if state.is_insert and _one_row_insert_noticed(state):
            return
        _pending(state.session)[ALL] = True


def _one_row_insert_noticed(state) -> bool:
    """A one-row INSERT that names the row's way to its force (webapp/upsert.py) bumps only that force.
    A bulk INSERT of many rows (a list of parameter sets) bumps every force."""
    if isinstance(state.parameters, list):
        return False
    model = next(m for m in WATCHED if m.__table__.name == state.statement.table.name)
    attribute, kind = WATCHED[model]
    params = state.statement.compile(dialect=state.session.get_bind().dialect).params
    if params.get(attribute) is None:
        return False
    _pending(state.session)[kind].add(params[attribute])
    return True


def init_app(app) -> None:
    """Start noticing writes (create_app). The listeners are on the model and Session classes, so
    they serve every app in the process: a second app finds them in place."""
    if event.contains(Session, "before_commit", _bump):
        return
    for model in WATCHED:
        event.listen(model, "after_insert", _inserted_or_deleted)
        event.listen(model, "after_delete", _inserted_or_deleted)
        event.listen(model, "after_update", _updated)
    event.listen(Session, "before_commit", _bump)
    event.listen(Session, "after_rollback", _forget)
    event.listen(Session, "do_orm_execute", _bulk_statement)
