"""Safety prompts for a planned activity, following the LGA's safer-canvassing principles.

Pure functions: they take times, people and a place (for sunrise and sunset), never the database or
the clock. A plan's prompts are about its owner, the candidate, who always goes: the owner reads
them as "you"; anyone else in the team reads them about the owner, by name (`owner_name`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from webapp.daylight import LONDON, Place, ends_after_sunset, is_after_dark, start_day, sun_times
from webapp.timeutil import to_london

LONG_ACTIVITY = timedelta(hours=4)


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str
    fixed_on_your_profile: bool = False  # the reader can fix it on their own profile page


def going_alone(people_going: int, owner_name: str | None = None) -> Prompt | None:
    if people_going:
        return None
    if owner_name:
        return Prompt("alone", f"{owner_name} is going alone. Offer to go along, or make sure someone knows "
                               "where they are and when they expect to finish.")
    return Prompt("alone", "You are going alone. Go in a pair or a group if you can; if not, make sure "
                           "someone knows where you are and when you expect to finish.")


def after_dark(starts_at: datetime, ends_at: datetime, place: Place = LONDON) -> Prompt | None:
    """The prompt for webapp.daylight's rule at `place`, naming that day's sunset (or sunrise) there
    in UK clock time."""
    if not is_after_dark(starts_at, ends_at, place):
        return None
    sunrise, sunset = sun_times(start_day(starts_at), place)
    if ends_after_sunset(starts_at, ends_at, place):
        when = f"This goes on after dark (sunset is around {to_london(sunset):%H:%M} that day)."
    else:
        when = f"This starts before it is light (sunrise is around {to_london(sunrise):%H:%M} that day)."
    return Prompt("after_dark", f"{when} Keep to well-lit streets, carry a torch and keep your phone charged.")


def too_long(starts_at: datetime, ends_at: datetime) -> Prompt | None:
    if ends_at - starts_at <= LONG_ACTIVITY:
        return None
    return Prompt("long", "This is longer than 4 hours. Plan breaks, take a charged phone and agree times "
                          "to check in with someone.")


def no_one_told(someone_going_has_a_mobile: bool, has_emergency_contact: bool,
                owner_name: str | None = None) -> Prompt | None:
    """Nobody going can be reached and the owner has no emergency contact."""
    if has_emergency_contact or someone_going_has_a_mobile:
        return None
    if owner_name:
        return Prompt("no_one_told", f"No one has been told about this plan. Ask {owner_name} to add a companion's "
                                     "mobile number or an emergency contact, so someone knows where they are.")
    return Prompt("no_one_told", "No one has been told about this plan. Add a companion's mobile number, or "
                                 "an emergency contact on your profile, so someone knows where you are.",
                  fixed_on_your_profile=True)


def safety_prompts(starts_at: datetime, ends_at: datetime, *, people_going: int, someone_going_has_a_mobile: bool,
                   has_emergency_contact: bool, place: Place = LONDON, owner_name: str | None = None) -> list[Prompt]:
    """Every prompt that applies to a plan with these times and people, at `place` (for the sun times);
    `has_emergency_contact` is the owner's, `owner_name` given when someone else reads them."""
    found = [
        going_alone(people_going, owner_name),
        after_dark(starts_at, ends_at, place),
        too_long(starts_at, ends_at),
        no_one_told(someone_going_has_a_mobile, has_emergency_contact, owner_name),
    ]
    return [prompt for prompt in found if prompt is not None]


def prompts_for(plan, has_emergency_contact: bool, place: Place = LONDON, owner_name: str | None = None) -> list[Prompt]:
    """safety_prompts for a plan whose `going_along` lists the people going (each with .mobile)."""
    people = plan.going_along
    return safety_prompts(plan.starts_at, plan.ends_at, people_going=len(people),
                          someone_going_has_a_mobile=any(getattr(person, "mobile", None) for person in people),
                          has_emergency_contact=has_emergency_contact, place=place, owner_name=owner_name)
