"""Who gets an activity's reminders, and which ones each of them wants."""

from dataclasses import dataclass

from webapp.models import User

PREFERENCE_FIELDS = {
    "evening": "remind_evening_email",
    "hour-before": "remind_hour_before_sms",
    "start": "remind_start_sms",
    "aftercare": "remind_aftercare",
}


@dataclass(frozen=True)
class Person:
    key: str  # stable within the activity: "user-<id>" or "mobile-<e164>"
    name: str
    user_id: int | None
    email: str | None
    mobile: str | None
    wants: frozenset

    @property
    def has_account(self) -> bool:
        return self.user_id is not None


def _wants(user: User | None) -> frozenset:
    if user is None:  # a companion without an account gets the texts; they can reply STOP
        return frozenset({"hour-before", "start", "aftercare"})
    return frozenset(kind for kind, field in PREFERENCE_FIELDS.items() if getattr(user, field))


def _from_user(user: User) -> Person:
    return Person(f"user-{user.id}", user.display_name, user.id, user.email, user.mobile, _wants(user))


def people_for(activity) -> list[Person]:
    """The organiser, then each team member who said "I'll come", then each companion with a
    mobile (once per person and per number)."""
    people = [_from_user(activity.owner)]
    seen = {activity.owner.mobile} if activity.owner.mobile else set()
    for attendee in activity.attendees:
        if attendee.response == "going" and attendee.user_id != activity.owner_id:
            people.append(_from_user(attendee.user))
            if attendee.user.mobile:
                seen.add(attendee.user.mobile)
    for companion in activity.companions:
        if not companion.mobile or companion.mobile in seen:
            continue
        seen.add(companion.mobile)
        # Exactly what the planner typed: a name and a number. Never matched to an account (whoever
        # has that number on a profile may be a stranger to this campaign); they can reply STOP.
        # Keyed by number, not row id: editing a plan rewrites its companion rows.
        people.append(Person(f"mobile-{companion.mobile}", companion.name, None, None, companion.mobile,
                             _wants(None)))
    return people
