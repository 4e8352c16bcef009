"""The daily digest: what an FEOA needs to know since their previous one.

When: each FEOA's digest for a London date is due at their chosen time that day (default
FEOA_DIGEST_DEFAULT_TIME) — its *slot*. A slot is sent only if the account existed at that moment
and the jobs process reaches it within FEOA_DIGEST_CATCH_UP_MINUTES; a jobs process that starts
at 22:27, or an adviser created at 10:00, sends nothing until the next slot. A missed slot loses
nothing: each digest covers exactly the time since the previous one was built (the first, the
24 hours before its slot). `next_digest` tells the preview the same slot and period.

`build_digest` reads a constant number of queries whatever the data size; `send_due_digests`
claims each FEOA's day by inserting a Digest row under a unique key, so however many jobs
processes run it, one digest per FEOA per London date is built and enqueued.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import exists, func, select

from webapp.clock import utcnow
from webapp.extensions import db
from webapp.feoa import candidates, settings, shared
from webapp.feoa.activities import RiskyActivity, risky_with_total
from webapp.feoa.scope import visible_condition
from webapp.models import Candidacy, Digest, FeoaContact, FeoaSettings, Role, User
from webapp.notify.outbox import enqueue
from webapp.timeutil import LONDON, london_day_bounds, to_london
from webapp.upsert import insert_ignore

LIST_LIMIT = 10
FIRST_DIGEST_LOOKBACK = timedelta(hours=24)


@dataclass
class DigestContent:
    feoa: User
    local_date: date
    covers_from: datetime
    risky_today: list[RiskyActivity] = field(default_factory=list)
    risky_today_count: int = 0
    not_contacted: list[tuple[int, str]] = field(default_factory=list)
    not_contacted_count: int = 0
    new_consents: int = 0
    new_incidents: list = field(default_factory=list)
    new_incidents_count: int = 0
    escalated_count: int = 0
    recorded: list[tuple[FeoaContact, str]] = field(default_factory=list)
    recorded_count: int = 0

    @property
    def is_quiet(self) -> bool:
        return not (self.new_incidents_count or self.escalated_count or self.risky_today_count
                    or self.not_contacted_count or self.new_consents)

    def sms_summary(self) -> str:
        parts = [
            _plural(self.new_incidents_count, "new incident", "new incidents"),
            _plural(self.risky_today_count, "higher-risk activity", "higher-risk activities") + " today",
            _plural(self.not_contacted_count, "candidate", "candidates") + " not yet contacted",
        ]
        return ", ".join(parts)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def previous_digest(feoa: User, before: date) -> Digest | None:
    return db.session.scalar(
        select(Digest).where(Digest.feoa_id == feoa.id, Digest.local_date < before)
        .order_by(Digest.local_date.desc()).limit(1)
    )


def build_digest(feoa: User, now: datetime, covers_from: datetime | None = None) -> DigestContent:
    local_date = to_london(now).date()
    if covers_from is None:
        covers_from = next_digest(feoa, now).covers_from
    day_start, day_end = london_day_bounds(local_date)
    start = max(now, day_start)
    content = DigestContent(feoa=feoa, local_date=local_date, covers_from=covers_from)
    content.new_incidents, content.new_incidents_count = shared.newly_shared_with_total(
        feoa, covers_from, limit=LIST_LIMIT)
    _, content.escalated_count = shared.escalated_sessions(feoa, limit=1)
    content.risky_today, content.risky_today_count = risky_with_total(feoa, start, day_end, limit=LIST_LIMIT)
    content.not_contacted, content.not_contacted_count = candidates.not_contacted_with_total(feoa, limit=LIST_LIMIT)
    recorded = (
        select(FeoaContact, User.name).join(Candidacy, Candidacy.id == FeoaContact.candidacy_id)
        .join(User, User.id == Candidacy.user_id)
        .where(visible_condition(feoa), FeoaContact.created_at >= covers_from)
    )
    rows = db.session.execute(recorded.add_columns(func.count().over()).order_by(
        FeoaContact.created_at.desc(), FeoaContact.id.desc()).limit(LIST_LIMIT)).all()
    content.recorded = [(r[0], r[1]) for r in rows]
    content.recorded_count = rows[0][2] if rows else 0
    content.new_consents = db.session.scalar(
        select(func.count(Candidacy.id)).join(User, User.id == Candidacy.user_id)
        .where(visible_condition(feoa), Candidacy.feoa_consent_changed_at >= covers_from)
    ) or 0
    return content


def _absolute(endpoint: str, **values) -> str:
    """An absolute link for a message; works in the jobs process, which has no request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _enqueue(content: DigestContent, prefs) -> int:
    feoa, day = content.feoa, content.local_date
    quiet = content.is_quiet
    if quiet and prefs.quiet_day == "nothing":
        return 0
    template = "feoa_digest_quiet" if quiet else "feoa_digest"
    dashboard = _absolute("feoa.dashboard")
    sent = 0
    if prefs.email_digest:
        unsubscribe = _absolute("feoa.unsubscribe", token=settings.unsubscribe_token(feoa))
        values = {
            "name": feoa.display_name, "date": day.strftime("%A %-d %B"), "dashboard": dashboard,
            "settings_url": _absolute("feoa.settings_page"), "unsubscribe": unsubscribe,
            "covers_from": to_london(content.covers_from).strftime("%a %-d %b, %H:%M"),
            "risky": [{"time": f"{to_london(a.starts_at):%H:%M}–{to_london(a.ends_at):%H:%M}", "kind": a.kind_label,
                       "area": a.area, "candidate": a.candidate, "team_size": a.team_size,
                       "reasons": ", ".join(a.reasons)} for a in content.risky_today],
            "risky_count": content.risky_today_count,
            "incidents": [{"when": to_london(i.occurred_at).strftime("%a %-d %b, %H:%M"), "category": i.category_label,
                           "candidate": i.candidate, "urgent": i.urgent} for i in content.new_incidents],
            "incidents_count": content.new_incidents_count,
            "escalated_count": content.escalated_count,
            "not_contacted": [name for _, name in content.not_contacted],
            "not_contacted_count": content.not_contacted_count,
            "new_consents": content.new_consents,
            "recorded": [{"date": c.happened_on.strftime("%a %-d %b"), "kind": c.kind_label, "candidate": name}
                         for c, name in content.recorded],
            "recorded_count": content.recorded_count,
        }
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        sent += enqueue(channel="email", recipient=feoa.email, template=template, values=values,
                        dedupe_key=f"digest:{feoa.id}:{day.isoformat()}", user_id=feoa.id, headers=headers)
    if prefs.sms_digest and feoa.mobile:
        values = {"summary": content.sms_summary(), "dashboard": dashboard}
        sent += enqueue(channel="sms", recipient=feoa.mobile, template=template, values=values,
                        dedupe_key=f"digest:{feoa.id}:{day.isoformat()}:sms", user_id=feoa.id)
    return sent


def _due_time(prefs) -> time:
    return prefs.digest_time if prefs.digest_time else settings.default_digest_time()


def slot_on(day: date, prefs) -> datetime:
    """The UTC moment of the chosen London time on `day` (07:00 is 06:00 UTC in summer)."""
    due = _due_time(prefs)
    return datetime.combine(day, due, tzinfo=LONDON).astimezone(UTC)


def _catch_up() -> timedelta:
    return timedelta(minutes=current_app.config["FEOA_DIGEST_CATCH_UP_MINUTES"])


def _sendable(feoa: User, slot: datetime, now: datetime) -> bool:
    """The slot has come, the account existed at that moment, and it is not long gone."""
    return feoa.created_at <= slot <= now <= slot + _catch_up()


def due_feoas(now: datetime) -> list[tuple[User, object]]:
    """FEOAs whose slot today has come (see the module docstring) and who have no digest for today yet."""
    today = to_london(now).date()
    rows = db.session.execute(
        select(User, FeoaSettings)
        .outerjoin(FeoaSettings, FeoaSettings.user_id == User.id)
        .where(User.role == Role.FEOA.value, User.active.is_(True), User.force_id.is_not(None),
               ~exists().where(Digest.feoa_id == User.id, Digest.local_date == today))
        .order_by(User.id)
    ).all()
    due = []
    for feoa, prefs in rows:
        prefs = prefs or settings.defaults()
        if _sendable(feoa, slot_on(today, prefs), now):
            due.append((feoa, prefs))
    return due


def period_start(feoa: User, slot: datetime) -> datetime:
    """Where the digest of this slot starts: the previous digest's build, or 24 hours before the slot."""
    previous = previous_digest(feoa, to_london(slot).date())
    return previous.built_at if previous else slot - FIRST_DIGEST_LOOKBACK


@dataclass(frozen=True)
class NextDigest:
    slot: datetime
    covers_from: datetime


def next_digest(feoa: User, now: datetime) -> NextDigest:
    """The slot the next digest goes at (now, if it is due and not yet built) and the period it covers."""
    prefs = settings.settings_for(feoa)
    today = to_london(now).date()
    built_today = db.session.scalar(select(Digest.id).where(Digest.feoa_id == feoa.id, Digest.local_date == today))
    for day in (today, today + timedelta(days=1), today + timedelta(days=2)):
        slot = slot_on(day, prefs)
        if (day != today or built_today is None) and feoa.created_at <= slot and now <= slot + _catch_up():
            return NextDigest(slot=slot, covers_from=period_start(feoa, slot))
    raise AssertionError("tomorrow's slot is always after now and after the account was made")


def _claim(feoa: User, day: date, covers_from: datetime, now: datetime) -> bool:
    return insert_ignore(Digest, {"feoa_id": feoa.id, "local_date": day}, covers_from=covers_from, built_at=now,
                         summary={})


def send_due_digests() -> int:
    """The jobs tick: build and enqueue every digest that is due. Returns how many were built."""
    now = utcnow()
    built = 0
    day = to_london(now).date()
    for feoa, prefs in due_feoas(now):
        start = period_start(feoa, slot_on(day, prefs))
        if not _claim(feoa, day, start, now):
            db.session.rollback()
            continue
        content = build_digest(feoa, now, start)
        messages = _enqueue(content, prefs)
        db.session.execute(
            Digest.__table__.update()
            .where(Digest.feoa_id == feoa.id, Digest.local_date == day)
            .values(summary={"new_incidents": content.new_incidents_count, "escalated": content.escalated_count,
                             "risky_today": content.risky_today_count, "not_contacted": content.not_contacted_count,
                             "new_consents": content.new_consents, "messages": messages, "quiet": content.is_quiet})
        )
        db.session.commit()
        built += 1
    return built


__all__ = ["LONDON", "DigestContent", "NextDigest", "build_digest", "due_feoas", "next_digest", "send_due_digests"]
