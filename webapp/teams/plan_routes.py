"""Shared plans seen from the team: my upcoming activities, "I'll come", and a printable day."""

from datetime import date, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.htmx import wants_partial
from webapp.models.teams import GOING, NOT_GOING
from webapp.plans.access import get_activity_or_404
from webapp.reminders.planner import plan_activity_reminders
from webapp.teams import attendance
from webapp.teams.cards import card_context, cards_for
from webapp.teams.day_plan import day_plan

bp = Blueprint("plans_team", __name__)


@bp.get("/my-activities")
@login_required
def upcoming():
    activities = attendance.upcoming_for(current_user)
    cards = [card.as_context() for card in cards_for(activities, current_user)]
    alone = attendance.unaccompanied_for_organiser(current_user)
    return render_template("teams/upcoming.html", cards=cards, alone=alone, now=utcnow())


@bp.post("/activities/<int:activity_id>/attendance")
@login_required
def respond(activity_id: int):
    activity = get_activity_or_404(activity_id, current_user)
    answer = request.form.get("answer", "")
    if answer not in {GOING, NOT_GOING}:
        abort(400)
    if activity.owner_id == current_user.id:
        abort(400)
    if activity.is_cancelled:
        abort(409)
    attendance.respond(activity, current_user, answer)
    db.session.refresh(activity)
    plan_activity_reminders(activity)
    db.session.commit()
    context = {**card_context(activity, current_user), "compact": request.form.get("compact") == "1"}
    if wants_partial(f"attendance-{activity.id}"):
        return render_template("teams/partials/_attendance.html", **context)
    return redirect(url_for("plans_team.upcoming"), code=303)


@bp.get("/my-activities/<day>/print")
@login_required
def print_day(day: str):
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        abort(404)
    return render_template("teams/print_day.html", plan=day_plan(current_user, chosen), day=chosen)


MAX_PRINT_DAYS = 14


@bp.get("/my-activities/print")
@login_required
def print_days():
    """Several days, each on its own printed page: ?from=YYYY-MM-DD&days=N (1 to 14)."""
    try:
        first = date.fromisoformat(request.args.get("from", ""))
        count = int(request.args.get("days", "7"))
    except ValueError:
        abort(404)
    if not 1 <= count <= MAX_PRINT_DAYS:
        abort(404)
    days = [(first + timedelta(days=n), day_plan(current_user, first + timedelta(days=n))) for n in range(count)]
    return render_template("teams/print_days.html", days=days)
