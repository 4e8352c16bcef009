"""Safety prompts for a planned activity, following the LGA's safer-canvassing principles.

Pure functions: they take times and people, never the database or the clock.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from webapp.timeutil import LONDON

LONG_ACTIVITY = timedelta(hours=4)

# Approximate sunset in London on the 15th of each month, as UK clock time (GMT or BST), rounded
# to 5 minutes, from HM Nautical Almanac Office / timeanddate.com tables. Further north it is
# earlier in winter; a month table is only a guide, so the wording says "around".
SUNSET = {
    1: time(16, 20), 2: time(17, 15), 3: time(18, 5), 4: time(19, 55), 5: time(20, 40), 6: time(21, 20),
    7: time(21, 10), 8: time(20, 25), 9: time(19, 15), 10: time(18, 5), 11: time(16, 15), 12: time(15, 50),
}


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str


def going_alone(companions) -> Prompt | None:
    if companions:
        return None
    return Prompt("alone", "You are going alone. Go in a pair or a group if you can; if not, make sure "
                           "someone knows where you are and when you expect to finish.")


def after_dark(starts_at: datetime, ends_at: datetime) -> Prompt | None:
    start, end = starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    sunset = SUNSET[start.month]
    if end.replace(tzinfo=None) <= datetime.combine(start.date(), sunset):
        return None
    return Prompt("after_dark", f"This goes on after dark (sunset is around {sunset:%H:%M} in "
                                f"{start:%B}). Keep to well-lit streets, carry a torch and keep your phone charged.")


def too_long(starts_at: datetime, ends_at: datetime) -> Prompt | None:
    if ends_at - starts_at <= LONG_ACTIVITY:
        return None
    return Prompt("long", "This is longer than 4 hours. Plan breaks, take a charged phone and agree times "
                          "to check in with someone.")


def no_one_told(companions, has_emergency_contact: bool) -> Prompt | None:
    if has_emergency_contact or any(getattr(c, "mobile", None) for c in companions):
        return None
    return Prompt("no_one_told", "No one has been told about this plan. Add a companion's mobile number, or "
                                 "an emergency contact on your profile, so someone knows where you are.")


def safety_prompts(activity, has_emergency_contact: bool) -> list[Prompt]:
    """Every prompt that applies to `activity` (anything with starts_at, ends_at and going_along)."""
    found = [
        going_alone(activity.going_along),
        after_dark(activity.starts_at, activity.ends_at),
        too_long(activity.starts_at, activity.ends_at),
        no_one_told(activity.going_along, has_emergency_contact),
    ]
    return [prompt for prompt in found if prompt is not None]


def has_emergency_contact(user) -> bool:
    return bool(user.emergency_contact_name and user.emergency_contact_mobile)
