"""Private calendar feeds: a secret per person (only its hash is stored) and RFC 5545 output.

Times are written in UTC ("Z"), which every calendar converts to Europe/London correctly on both
sides of a clock change. Notes and do-not-knock notes are never written; the meeting point only
when the person chose to include it.
"""

import hashlib
import secrets
from urllib.parse import quote

from flask import abort
from icalendar import Calendar, Event
from sqlalchemy import select

from webapp.access import mark_checked
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, CalendarFeed, User
from webapp.models.teams import GOING
from webapp.teams.attendance import owner_ids_visible_to
from webapp.upsert import get_or_create


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def regenerate(user: User, include_meeting_point: bool) -> str:
    """A new secret for the person's feed; the old address stops working at once."""
    token = secrets.token_urlsafe(32)
    feed = get_or_create(CalendarFeed, {"user_id": user.id}, token_hash=hash_token(token))
    feed.token_hash = hash_token(token)
    feed.include_meeting_point = include_meeting_point
    feed.created_at = utcnow()
    return token


def turn_off(user: User) -> bool:
    """Delete the person's feed: its address stops working at once. False if there was none."""
    feed = feed_of(user)
    if feed is None:
        return False
    db.session.delete(feed)
    return True


def subscribe_links(feed_url: str) -> dict[str, str]:
    """One-tap ways to subscribe to `feed_url` on a phone: webcal:// (Apple Calendar, Outlook and most
    calendar apps open it as a subscription) and Google Calendar's "add by URL" (it takes the webcal address)."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {"webcal": webcal, "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")}


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def get_feed_or_404(token: str) -> CalendarFeed:
    """The feed at this secret address, of an active account (404 for an old, forged or closed account's)."""
    if not token or len(token) > 100:
        abort(404)
    found = db.first_or_404(select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token)))
    if not found.user or not found.user.is_active:
        abort(404)
    mark_checked("token")
    return found


def feed_activities(user: User) -> list[Activity]:
    """What the person is doing: activities they own, and ones they said they will come to in a
    team they are still in (leaving or being removed takes them out of the feed at once)."""
    coming = select(ActivityAttendee.activity_id).where(
        ActivityAttendee.user_id == user.id, ActivityAttendee.response == GOING)
    return list(db.session.scalars(select(Activity).where(
        (Activity.owner_id == user.id)
        | (Activity.id.in_(coming) & Activity.owner_id.in_(owner_ids_visible_to(user))),
    ).order_by(Activity.starts_at)))


def event_for(activity: Activity, include_meeting_point: bool, base_url: str) -> Event:
    event = Event()
    event.add("uid", f"activity-{activity.id}@campaignsafe")
    event.add("dtstamp", utcnow())
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    where = activity.area or ""
    event.add("summary", f"{activity.kind_label}: {where}" if where else activity.kind_label)
    if include_meeting_point and activity.meeting_point:
        event.add("location", activity.meeting_point)
    elif where:
        event.add("location", where)
    event.add("status", "CANCELLED" if activity.is_cancelled else "CONFIRMED")
    event.add("url", f"{base_url.rstrip('/')}/my-activities")
    event.add("last-modified", activity.updated_at)
    return event


def calendar_bytes(activities: list[Activity], include_meeting_point: bool, base_url: str, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//CampaignSafe//Campaign activities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for activity in activities:
        calendar.add_component(event_for(activity, include_meeting_point, base_url))
    return calendar.to_ical()
