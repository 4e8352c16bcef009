"""Who may see and who may change an activity: the one place that decides it.

May see (VIEW): the activity's owner, and everyone in the team of the candidate who owns it.
May change (EDIT): the owner, and the organisers of the owner's team.
Both are one SQL rule, asked of the database on every request: leaving a team, being removed or
losing the organiser role takes effect on the very next request. Lists filter with the rule;
a route fetching one activity by id uses get_activity_or_404, which decides 404 or 403 once.
"""

from enum import Enum
from typing import NamedTuple

from flask import abort
from sqlalchemy import ColumnElement, Integer, Select, bindparam, literal, select
from sqlalchemy.orm import selectinload

from webapp.access import mark_checked
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, Team, TeamMembership, User
from webapp.models.teams import MANAGERS


class Need(Enum):
    VIEW = "view"
    EDIT = "edit"


VIEW, EDIT = Need.VIEW, Need.EDIT

# Which of the owner's team may do what; the owner may do everything.
TEAM_ROLES_THAT_MAY = {VIEW: None, EDIT: MANAGERS}  # None: any role


def access_rule(need: Need, viewer_id: ColumnElement[int]) -> ColumnElement[bool]:
    """THE rule, as an SQL condition on Activity, for a viewer id given as SQL (a literal, or a bound
    parameter of a statement built once and run for everyone).

    Written as one IN over (me UNION the owners of my teams) rather than "own OR in teams": the OR made
    SQLite gather row ids from two index searches before sorting (about 60 % slower on a list)."""
    owners_of_my_teams = select(Team.owner_id).join(TeamMembership).where(TeamMembership.user_id == viewer_id)
    if TEAM_ROLES_THAT_MAY[need] is not None:
        owners_of_my_teams = owners_of_my_teams.where(TeamMembership.role.in_(TEAM_ROLES_THAT_MAY[need]))
    return Activity.owner_id.in_(select(viewer_id).union(owners_of_my_teams))


def visible_to(user: User) -> ColumnElement[bool]:
    """The activities `user` may see."""
    return access_rule(VIEW, literal(user.id, Integer))


def changeable_by(user: User) -> ColumnElement[bool]:
    """The activities `user` may change (edit, cancel, its messages and reminder note)."""
    return access_rule(EDIT, literal(user.id, Integer))


# What comes loaded with the activity: its people (companions, attendees and their users, in two more
# queries) for the pages that show them, or the activity row alone for a fragment that does not (the
# message list's poll, most of a campaign Saturday's requests).
WITH_PEOPLE, NO_PEOPLE = "with-people", "no-people"


def visible_activities(user: User, load: str = WITH_PEOPLE) -> Select:
    """A query for every activity `user` may see, with companions and attendees loaded unless `load` is NO_PEOPLE."""
    return _with(select(Activity).where(visible_to(user)), load)


def _with(query: Select, load: str) -> Select:
    if load == NO_PEOPLE:
        return query
    return query.options(
        selectinload(Activity.companions), selectinload(Activity.attendees).selectinload(ActivityAttendee.user))


def team_roles_of(viewer_id: ColumnElement[int]) -> Select:
    """(owner id, role) for each candidate's team the viewer (an id as SQL) is in: one team per candidate."""
    return select(Team.owner_id, TeamMembership.role).join(TeamMembership).where(TeamMembership.user_id == viewer_id)


class Found(NamedTuple):
    activity: Activity
    changeable: bool
    team_role: str | None  # the reader's role in the owner's team (None for the owner without a membership row)


def _activity_with_rights(load: str) -> Select:
    """One activity by id, if the viewer may see it, with whether they may change it and their team role:
    built once and run with each request's ids (the plan page and its message list's poll, most of a
    campaign Saturday's requests: bench/README.md, issue 17)."""
    viewer = bindparam("viewer_id", type_=Integer)
    my_role = team_roles_of(viewer).with_only_columns(TeamMembership.role).where(
        Team.owner_id == Activity.owner_id).scalar_subquery()
    query = select(Activity, access_rule(EDIT, viewer), my_role).where(
        access_rule(VIEW, viewer), Activity.id == bindparam("activity_id", type_=Integer))
    return _with(query, load)


ACTIVITY_WITH_RIGHTS = {load: _activity_with_rights(load) for load in (WITH_PEOPLE, NO_PEOPLE)}


def get_activity_or_404(activity_id: int, user, need: Need = VIEW, load: str = WITH_PEOPLE) -> Activity:
    """The activity if `user` may see it, else 404 (others' plans are not even confirmed to exist);
    403 when they may see it but `need` is EDIT and they may not change it. `load=NO_PEOPLE` for a page
    that never shows the activity's people."""
    found = get_activity_and_rights_or_404(activity_id, user, load)
    if need is EDIT and not found.changeable:
        abort(403)
    return found.activity


def get_activity_and_rights_or_404(activity_id: int, user, load: str = WITH_PEOPLE) -> Found:
    """The activity if `user` may see it (else 404), whether they may change it and their role in its
    team: in one round trip, for a page that shows an activity with its edit buttons to those who may use them."""
    mark_checked("activity_id")
    if user is None or not user.is_authenticated or not 0 < activity_id < 2**31:
        abort(404)
    found = db.session.execute(ACTIVITY_WITH_RIGHTS[load], {"viewer_id": user.id, "activity_id": activity_id}).first()
    if found is None:
        abort(404)
    activity, changeable, team_role = found
    return Found(activity, bool(changeable), team_role)
