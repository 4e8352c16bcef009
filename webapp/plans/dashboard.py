"""What the home page shows a candidate or team member: the next activity and its prompts."""

from datetime import datetime

from flask import current_app, url_for

from webapp.models import Role, User
from webapp.plans.listing import next_activity
from webapp.plans.prompts import safety_prompts
from webapp.pledge import signing

# Areas other people build; linked from the home page only once their endpoint exists.
ROLE_LINKS = {
    Role.FEOA: [("feoa.index", "Candidates in your force")],
    Role.ELECTION_OFFICE: [("office.index", "Candidate imports and invitations")],
    Role.ADMIN: [("admin.index", "Administration"), ("privacy.purge_preview", "What the next purge will remove")],
}


def dashboard_context(user: User, now: datetime) -> dict:
    activity, upcoming = next_activity(user, now)
    # Prompts are about the plan's owner, as on the plan's page: a team member reads them by name.
    owner_name = activity.owner_name if activity and activity.owner_id != user.id else None
    return {
        "next_activity": activity,
        "happening_now": activity is not None and activity.starts_at <= now,
        "prompts": safety_prompts(activity.starts_at, activity.ends_at, people_going=activity.going_along,
                                  someone_going_has_a_mobile=activity.someone_going_has_a_mobile,
                                  has_emergency_contact=activity.owner_has_emergency_contact,
                                  place=activity.place, owner_name=owner_name) if activity else [],
        "other_owner": owner_name,
        "upcoming_count": upcoming,
        "needs_profile": user.has_role(Role.CANDIDATE) and not user.mobile,
        # None: this role does not sign; False: a card inviting them to; True: one line saying they have.
        "pledge_signed": (signing.active_signature(user) is not None) if user.has_role(*signing.SIGNER_ROLES) else None,
    }


def role_links(user: User) -> list[tuple[str, str]]:
    """(url, label) for the areas this person's role has, skipping any not built in this install."""
    links = [(endpoint, label) for role, entries in ROLE_LINKS.items() if user.has_role(role)
             for endpoint, label in entries]
    return [(url_for(endpoint), label) for endpoint, label in links if endpoint in current_app.view_functions]
