"""Everything the shared-plan pages show about a list of activities, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Integer, literal, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, DoNotKnockNote, Team
from webapp.models.teams import GOING, OWNER
from webapp.plans.access import team_roles_of
from webapp.plans.prompts import Prompt, going_alone
from webapp.teams.hazards import mentions


@dataclass
class ActivityCard:
    activity: Activity
    my_role: str | None
    my_response: str | None
    attendees: list[ActivityAttendee] = field(default_factory=list)
    hazards: list[DoNotKnockNote] = field(default_factory=list)
    reader_id: int | None = None
    other_notes: list[DoNotKnockNote] = field(default_factory=list)  # the team's notes for other streets

    @property
    def alone_prompt(self) -> Prompt | None:
        """The "going alone" prompt in webapp/plans/prompts.py's words: "you" to the owner, by name to the team."""
        owner_name = None if self.activity.owner_id == self.reader_id else self.activity.owner.display_name
        return going_alone(self.people_going - 1, owner_name)

    @property
    def going(self) -> list[ActivityAttendee]:
        return [a for a in self.attendees if a.response == GOING]

    @property
    def guests(self) -> list:
        """Named companions from outside the team (free text on the plan)."""
        return list(self.activity.companions)

    @property
    def people_going(self) -> int:
        return 1 + len(self.going) + len(self.guests)

    def as_context(self) -> dict:
        return {"activity": self.activity, "my_role": self.my_role, "my_response": self.my_response,
                "attendees": self.attendees, "guests": self.guests, "people_going": self.people_going,
                "hazards": self.hazards, "alone_prompt": self.alone_prompt, "other_notes": self.other_notes}


def card_context(activity: Activity, user, roles: dict[int, str | None] | None = None) -> dict:
    """The team's view of one activity for `user`, as teams/partials/_activity_team.html shows it."""
    return cards_for([activity], user, roles)[0].as_context()


def cards_for(activities: list[Activity], user, roles: dict[int, str | None] | None = None) -> list[ActivityCard]:
    """Cards for activities the caller has already scoped to `user` (roles are re-checked here, unless
    the caller read them in its own scoped query: `roles`, owner id -> the user's role in that team)."""
    if not activities:
        return []
    ids = [a.id for a in activities]
    owner_ids = {a.owner_id for a in activities}
    if roles is None:
        roles = dict(db.session.execute(
            team_roles_of(literal(user.id, Integer)).where(Team.owner_id.in_(owner_ids))).all())
    roles = {owner_id: role for owner_id, role in roles.items() if role} | {user.id: OWNER}
    attendees = defaultdict(list)
    for row in db.session.scalars(select(ActivityAttendee).where(ActivityAttendee.activity_id.in_(ids))
                                  .options(joinedload(ActivityAttendee.user, innerjoin=True))
                                  .order_by(ActivityAttendee.id)):
        attendees[row.activity_id].append(row)
    notes = defaultdict(list)
    for note, owner_id in db.session.execute(select(DoNotKnockNote, Team.owner_id).join(Team)
                                             .where(Team.owner_id.in_(owner_ids), Team.owner_id.in_(roles))
                                             .order_by(DoNotKnockNote.street, DoNotKnockNote.id)):
        notes[owner_id].append(note)
    cards = []
    for activity in activities:
        role = roles.get(activity.owner_id)
        rows = attendees[activity.id]
        set_committed_value(activity, "attendees", rows)  # the same rows: the page's `going_along` needs no second load
        mine = next((a.response for a in rows if a.user_id == user.id), None)
        text = f"{activity.area} {activity.meeting_point}"
        team_notes = notes[activity.owner_id] if role else []
        hazards = [n for n in team_notes if mentions(text, n.street)]
        others = [n for n in team_notes if n not in hazards]
        cards.append(ActivityCard(activity, role, mine, rows, hazards, reader_id=user.id, other_notes=others))
    return cards
