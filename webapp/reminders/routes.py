"""Reminder preferences, an activity's scheduled messages, and the note added to its texts."""

from flask import Blueprint, flash, make_response, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.htmx import hx_redirect, render_form, wants_partial
from webapp.models import Activity, ActivityAttendee, ReminderNote
from webapp.notify.sms import sms_length
from webapp.plans.access import EDIT, NO_PEOPLE, get_activity_or_404
from webapp.reminders.forms import ReminderNoteForm, ReminderPreferencesForm
from webapp.reminders.people import PREFERENCE_FIELDS
from webapp.reminders.planner import activity_messages, activity_note, plan_activity_reminders
from webapp.reminders.polling import POLL_EVERY, list_context
from webapp.reminders.preview import hour_before_preview
from webapp.upsert import get_or_create

bp = Blueprint("reminders", __name__)


@bp.route("/settings/reminders", methods=["GET", "POST"])
@login_required
def preferences():
    form = ReminderPreferencesForm(obj=current_user)
    if form.validate_on_submit():
        for field in PREFERENCE_FIELDS.values():
            setattr(current_user, field, form[field].data)
        for activity in upcoming_activities_of(current_user):
            plan_activity_reminders(activity)
        db.session.commit()
        flash("Your reminder choices are saved.", "success")
        return hx_redirect(url_for("reminders.preferences"))
    return render_form("reminders/preferences.html", form=form)


def upcoming_activities_of(user) -> list[Activity]:
    """Activities not yet over that the person organises or said they'll come to (never by a typed mobile)."""
    involved = [Activity.owner_id == user.id,
                Activity.attendees.any((ActivityAttendee.user_id == user.id) & (ActivityAttendee.response == "going"))]
    return db.session.scalars(select(Activity).where(
        or_(*involved), Activity.cancelled_at.is_(None), Activity.ends_at > utcnow())).all()


@bp.get("/activities/<int:activity_id>/messages")
@login_required
def messages(activity_id: int):
    activity = get_activity_or_404(activity_id, current_user, need=EDIT, load=NO_PEOPLE)
    context = {"activity": activity, **list_context(activity_messages(activity), utcnow())}
    if not wants_partial("activity-messages"):
        return render_template("reminders/activity_messages.html", **context), 200, {"Vary": "HX-Request"}
    etag = context["messages_etag"]
    # Unchanged and still polling: the list stays as it is (htmx does not swap a 304) and its `every`
    # timer runs on. A one-shot re-arm always gets the list, or its timer would not be set again.
    if context["messages_trigger"] == POLL_EVERY and etag in request.if_none_match:
        response = make_response("", 304)
    else:
        response = make_response(render_template("reminders/partials/_activity_messages.html", **context))
    response.set_etag(etag)
    response.vary.add("HX-Request")
    return response


@bp.route("/activities/<int:activity_id>/reminder-note", methods=["GET", "POST"])
@login_required
def note(activity_id: int):
    activity = get_activity_or_404(activity_id, current_user, need=EDIT)
    form = ReminderNoteForm(data={"note": activity_note(activity.id)} if request.method == "GET" else None)
    if form.validate_on_submit():
        row = get_or_create(ReminderNote, {"activity_id": activity.id}, note="")
        row.note = form.note.data or ""
        plan_activity_reminders(activity)
        db.session.commit()
        flash("The note is added to this activity's text reminders.", "success")
        return hx_redirect(url_for("reminders.messages", activity_id=activity.id))
    preview = hour_before_preview(activity, form.note.data or "")
    return render_form("reminders/note.html", "reminders/partials/_note_form.html", "note-form",
                       form=form, activity=activity,
                       preview=preview, length=sms_length(preview["text"]))
