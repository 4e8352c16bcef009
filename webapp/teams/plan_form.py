"""The team part of the activity form: whose campaign a plan is for, and who from the team is going."""

from wtforms import SelectMultipleField, widgets
from wtforms.validators import ValidationError

from webapp.models.teams import GOING
from webapp.teams.planning import plannable_owners, team_members_of


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (each with its own label); unknown values get a plain message."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        known = {value for value, *_ in self.iter_choices()}
        if any(value not in known for value in (self.data or [])):
            raise ValidationError("Choose people from your team only.")


def set_team_choices(form, user, activity=None) -> None:
    """Fill the campaign and attendee choices: for a new plan, every campaign `user` may plan for
    (their own, and each team they organise); for an existing one, its owner's team only."""
    owners = [activity.owner] if activity is not None else (plannable_owners(user) or [user])
    form.team_owners = {owner.id: owner for owner in owners}
    form.campaign.choices = {owner.id: ("My own campaign" if owner.id == user.id else
                                        f"{owner.display_name}'s campaign") for owner in owners}
    if len(owners) == 1 or (not form.is_submitted() and form.campaign.data not in form.team_owners):
        form.campaign.data = owners[0].id
    members: dict[int, str] = {}
    for owner in owners:
        suffix = "" if len(owners) == 1 else f" ({owner.display_name}'s team)"
        for member in team_members_of(owner.id):
            members.setdefault(member.id, member.display_name + suffix)
    form.attendees.choices = members


def going_ids(activity) -> list[int]:
    return [row.user_id for row in activity.attendees if row.response == GOING]


def check_attendees_in_campaign(form) -> bool:
    """Everyone ticked must be in the chosen campaign's team (a person may be in several teams)."""
    owner_id = form.campaign.data
    allowed = {m.id for m in team_members_of(owner_id)} if owner_id in form.team_owners else set()
    if any(user_id not in allowed for user_id in (form.attendees.data or [])):
        form.attendees.errors.append("Everyone you pick must be in the team of the campaign you chose.")
        return False
    return True
