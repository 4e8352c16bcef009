from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select

from webapp.access import role_required
from webapp.clock import utcnow
from webapp.daylight import LONDON, Place, place_at
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form
from webapp.models import Candidacy, Force, Role
from webapp.paging import page_arg
from webapp.plans.access import EDIT, NO_PEOPLE, get_activity_and_rights_or_404, get_activity_or_404
from webapp.plans.forms import ActivityFilterForm, ActivityForm
from webapp.plans.listing import activity_lists
from webapp.plans.prompts import prompts_for
from webapp.plans.service import cancel_activity, create_activity, update_activity
from webapp.reminders.planner import activity_messages
from webapp.reminders.polling import list_context
from webapp.sessions.forms import can_start_from
from webapp.sessions.lifecycle import open_session_for
from webapp.teams.cards import card_context
from webapp.teams.plan_form import set_team_choices

bp = Blueprint("plans", __name__, url_prefix="/activities")

PLANNERS = (Role.CANDIDATE, Role.TEAM_MEMBER)


# Police advisers, election offices and admins have no plans: to them every plan is hidden (404).
planners_only = role_required(*PLANNERS)


def _user():
    return current_user._get_current_object()


@bp.get("")
@planners_only
def index():
    form = ActivityFilterForm(request.args)
    form.validate()
    filters = {name: form[name].data for name in ("kind", "date_from", "date_to") if not form[name].errors}
    if form.date_to.errors:
        filters.pop("date_from", None)
    lists = activity_lists(_user(), utcnow(), page=page_arg(), **filters)
    body, status = render_form("plans/index.html", "plans/partials/_list.html", "activity-list", form=form,
                               lists=lists, filtered=any(filters.values()))
    return body, status, {"Vary": "HX-Request"}


def _render_form(page: str, form: ActivityForm, activity=None):
    if form.errors:
        form.add_spare_rows()
    return render_form(page, "plans/partials/_form.html", "activity-form", form=form, activity=activity)


@bp.route("/new", methods=["GET", "POST"])
@planners_only
def create():
    form = ActivityForm()
    set_team_choices(form, _user())
    if form.validate_on_submit():
        activity = create_activity(form.team_owners[form.campaign.data], form.activity_data())
        db.session.commit()
        flash("Activity planned. Check the safety prompts below.", "success")
        return hx_redirect(url_for("plans.show", activity_id=activity.id))
    if not form.is_submitted():
        form.add_spare_rows()
    return _render_form("plans/new.html", form)


# Built once: a plan's sun times are its owner's candidacy force's (London if the owner has no candidacy or
# no force); one lookup, rather than loading the candidacy and then its force.
FORCE_POINT_OF_CANDIDATE = (select(Force.latitude, Force.longitude).join(Candidacy, Candidacy.force_id == Force.id)
                            .where(Candidacy.user_id == bindparam("user_id")))


def _owner_place(owner) -> Place:
    point = db.session.execute(FORCE_POINT_OF_CANDIDATE, {"user_id": owner.id}).first()
    return place_at(*point) if point else LONDON


@bp.get("/<int:activity_id>")
@planners_only
def show(activity_id: int):
    # Its people come with the team card (`_around`), which loads the attendees once for both.
    activity, changeable, team_role = get_activity_and_rights_or_404(activity_id, _user(), load=NO_PEOPLE)
    now = utcnow()
    around = _around(activity, changeable, team_role, now)
    owner = activity.owner
    owner_name = None if owner.id == current_user.id else owner.display_name
    prompts = prompts_for(activity, owner.has_emergency_contact, _owner_place(owner), owner_name=owner_name)
    return render_template("plans/show.html", activity=activity, prompts=prompts, other_owner=owner_name,
                           can_change=changeable, now=now, **around)


def _around(activity, changeable: bool, team_role: str | None, now) -> dict:
    """What the page shows beside the plan: the team's view, the reader's safety session, the messages."""
    session_card = activity.ends_at > now and not activity.is_cancelled
    return {"team": card_context(activity, _user(), roles={activity.owner_id: team_role}),
            "running": open_session_for(_user()) if session_card else None,
            "session_starts_from": can_start_from(activity.ends_at, now) if session_card else None,
            **(list_context(activity_messages(activity), now) if changeable else {"messages": None})}


@bp.route("/<int:activity_id>/edit", methods=["GET", "POST"])
@planners_only
def edit(activity_id: int):
    activity = get_activity_or_404(activity_id, _user(), need=EDIT)
    if activity.is_cancelled:
        flash("This activity was cancelled, so it can't be changed. Plan a new one instead.", "warning")
        return hx_redirect(url_for("plans.show", activity_id=activity.id))
    form = ActivityForm() if request.method == "POST" else ActivityForm.for_activity(activity)
    set_team_choices(form, _user(), activity)
    if form.validate_on_submit():
        update_activity(activity, form.activity_data())
        db.session.commit()
        flash("Your changes have been saved.", "success")
        return hx_redirect(url_for("plans.show", activity_id=activity.id))
    return _render_form("plans/edit.html", form, activity=activity)


@bp.post("/<int:activity_id>/cancel")
@planners_only
def cancel(activity_id: int):
    """Cancel from a plain form (no JavaScript)."""
    return _cancel(activity_id)


@bp.delete("/<int:activity_id>")
@planners_only
def delete(activity_id: int):
    """Cancel with htmx (hx-delete; the CSRF token travels in the X-CSRFToken header)."""
    return _cancel(activity_id)


def _cancel(activity_id: int):
    activity = get_activity_or_404(activity_id, _user(), need=EDIT)
    if cancel_activity(activity):
        db.session.commit()
        flash("Activity cancelled. It stays in your list, marked as cancelled.", "success")
    return hx_redirect(url_for("plans.show", activity_id=activity.id))
