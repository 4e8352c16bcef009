"""The calendar page, the private feed address and single-activity downloads."""

from flask import Blueprint, Response, current_app, flash, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.calendar import feeds
from webapp.calendar.forms import FeedForm
from webapp.extensions import db, limiter
from webapp.htmx import hx_redirect
from webapp.teams.activity_access import visible_activity_or_404

bp = Blueprint("calendar", __name__)


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _feed_url(token: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("calendar.feed", token=token)


@bp.route("/calendar", methods=["GET", "POST"])
@login_required
def settings():
    feed = feeds.feed_of(current_user)
    # The exact meeting point is left out unless the person asks for it: the address can leak.
    form = FeedForm(formdata=request.form if request.method == "POST" else None,
                    include_meeting_point=feed.include_meeting_point if feed else False)
    new_url = None
    if form.validate_on_submit():
        token = feeds.regenerate(current_user, form.include_meeting_point.data)
        db.session.commit()
        feed, new_url = feeds.feed_of(current_user), _feed_url(token)
    return render_template("calendar/settings.html", feed=feed, form=form, new_url=new_url,
                           subscribe=feeds.subscribe_links(new_url) if new_url else None,
                           off_form=FeedForm(formdata=None))


@bp.post("/calendar/off")
@login_required
def turn_off():
    if FeedForm().validate_on_submit() and feeds.turn_off(current_user):
        db.session.commit()
        flash("Your calendar feed is off: its address no longer works. Remove the calendar from your phone too.",
              "success")
    return hx_redirect(url_for("calendar.settings"))


@bp.get("/calendar/feed/<token>.ics")
@limiter.limit("60 per minute")
def feed(token: str):
    found = feeds.get_feed_or_404(token)
    user = found.user
    body = feeds.calendar_bytes(feeds.feed_activities(user), found.include_meeting_point,
                                current_app.config["PUBLIC_BASE_URL"], "CampaignSafe activities")
    return _ics(body, "campaignsafe.ics")


@bp.get("/activities/<int:activity_id>/calendar.ics")
@login_required
def activity_ics(activity_id: int):
    activity = visible_activity_or_404(activity_id, current_user)
    body = feeds.calendar_bytes([activity], True, current_app.config["PUBLIC_BASE_URL"], activity.kind_label)
    return _ics(body, f"activity-{activity.id}.ics")
