"""The data of one Saturday step, made the way the app makes it, through the app's own functions.

People are inserted in bulk (what registration leaves: an account with a mobile and an emergency
contact), each candidate with a campaign team of VOLUNTEERS members. Everything after that goes
through the app with a clock set to the moment it happened: each candidate plans the morning's
canvassing the day before (`create_activity`: the volunteers going, two companions, one with a mobile,
and the reminders it plans). The canvassing starts at times spread evenly over ACTIVITY_STARTS around
the build's moment, and the whole morning is then moved to the step's start (`move_to`): most began
earlier in the morning, and about a quarter start while the step runs, so their start reminders are sent
by the real jobs process meanwhile and their plan pages' message lists poll while those are on their way.
The reminders due before that moment go out as the jobs process would have sent them (`deliver_due`, console backend: the row is the record), and each person starts a safety
session (`lifecycle.start_session`) 30 minutes before the deadline the schedule gave it. Sign-in
cookies are made as the sign-in route makes them: the sign-in page's CSRF secret, `login_user`, then
the app's session interface writes the cookie, in a request from the generator's address and browser.
Nothing is edited behind the app's back afterwards: the step's check-ins, reminders and alerts all
happen in the running servers.
"""

import os
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import session as flask_session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

from bench.harness import BENCH_SETTINGS
from bench.outbox import ensure_postgres_database
from bench.saturday_schedule import INTERVAL_MINUTES, Phone
from webapp.clock import FrozenClock
from webapp.timeutil import UTCDateTime

PASSWORD = "saturday-bench-password-1"  # noqa: S105 - the bench's own throwaway accounts
USER_AGENT = "CampaignSafe-bench-phone/1.0"
ACTIVITY_STARTS = (timedelta(minutes=-60), timedelta(minutes=20))  # from the step's start (move_to), spread evenly
ACTIVITY_LENGTH = timedelta(hours=4)  # runs on well past the step: the aftercare text is hours away
VOLUNTEERS = 2  # team members going along with each candidate (their phones are not among the N)


@dataclass(frozen=True)
class PhoneAccount:
    user_id: int
    activity_id: int
    session_id: int
    cookie: str  # the `Cookie:` header value
    companion_mobile: str  # tier 1 of the escalation
    email: str


def person_mobile(n: int) -> str:
    return f"+4479111{n:05d}"


def emergency_mobile(n: int) -> str:
    return f"+4479112{n:05d}"


def companion_mobile(n: int) -> str:
    return f"+4474001{n:05d}"


def volunteer_mobile(n: int, k: int) -> str:
    return f"+447400{2 + k}{n:05d}"


def fresh_database(url: str) -> None:
    ensure_postgres_database(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def setup_app(url: str, clock: FrozenClock, grace_minutes: int):
    from webapp import create_app

    for name, value in BENCH_SETTINGS.items():  # production refuses to load without them
        os.environ.setdefault(name, value)
    return create_app("production", {**BENCH_SETTINGS, "SQLALCHEMY_DATABASE_URI": url, "CLOCK": clock,
                                     "SESSION_GRACE_MINUTES": grace_minutes, "SMS_BACKEND": "console",
                                     "MAIL_BACKEND": "console"})


class Saturday:
    """Builds one step's data in a fresh database; `start_sessions` once the step's start is known."""

    def __init__(self, url: str, count: int, grace_minutes: int, now: datetime):
        self.url = url
        self.count = count
        self.now = now
        self.clock = FrozenClock(now)
        self.app = setup_app(url, self.clock, grace_minutes)

    def build_people_and_plans(self) -> None:
        from flask_migrate import upgrade

        from webapp.extensions import db

        fresh_database(self.url)
        with self.app.app_context():
            upgrade()
            self._people()
            self._plans()
            self._past_reminders_sent()
            db.engine.dispose()  # nobody stays connected: the build may be kept as a template (saturday_builds.py)

    def _people(self) -> None:
        from webapp.extensions import db
        from webapp.models import User
        from webapp.models.teams import MEMBER, Team, TeamMembership
        from webapp.passwords import hash_password

        joined = self.now - timedelta(days=30)
        password_hash = hash_password(PASSWORD)

        def person(n: int, role: str, name: str, mobile: str) -> dict:
            return {"email": f"{name.lower().replace(' ', '-')}@example.org", "password_hash": password_hash,
                    "role": role, "name": name, "mobile": mobile, "emergency_contact_name": f"Next of kin of {name}",
                    "emergency_contact_mobile": emergency_mobile(n) if role == "candidate" else None,
                    "contact_preference": "both", "active": True, "created_at": joined, "password_changed_at": joined}

        candidates = [person(n, "candidate", f"Canvasser {n}", person_mobile(n)) for n in range(self.count)]
        volunteers = [person(n, "team_member", f"Volunteer {n}-{k}", volunteer_mobile(n, k))
                      for n in range(self.count) for k in range(VOLUNTEERS)]
        ids = self._insert(User, candidates + volunteers)
        teams = self._insert(Team, [{"owner_id": ids[n], "created_at": joined} for n in range(self.count)])
        self._insert(TeamMembership, [{"team_id": teams[n], "user_id": ids[self.count + n * VOLUNTEERS + k],
                                       "role": MEMBER, "joined_at": joined}
                                      for n in range(self.count) for k in range(VOLUNTEERS)])
        db.session.commit()

    @staticmethod
    def _insert(model, rows: list[dict]) -> list[int]:
        from webapp.extensions import db

        ids = []
        for start in range(0, len(rows), 1000):
            ids += db.session.scalars(sa.insert(model).returning(model.id, sort_by_parameter_order=True),
                                      rows[start:start + 1000]).all()
        return ids

    def _plans(self) -> None:
        from webapp.extensions import db
        from webapp.models.teams import Team, TeamMembership
        from webapp.plans.service import create_activity

        for n, user in enumerate(self._candidates()):
            starts = self.activity_start(n)
            self.clock.set(starts - timedelta(hours=20))  # planned the afternoon before
            going = db.session.scalars(sa.select(TeamMembership.user_id).join(Team).where(Team.owner_id == user.id)
                                       .order_by(TeamMembership.user_id)).all()
            create_activity(user, {
                "kind": "canvassing", "starts_at": starts, "ends_at": starts + ACTIVITY_LENGTH, "meeting_point": f"Corner of Park Street, {n}",
                "area": f"Polling district {n % 12 + 1}", "postcode": "BS1 5TR", "notes": "Pairs, route shared.",
                "attendee_ids": going,
                "companions": [{"name": f"Buddy {n}", "mobile": companion_mobile(n)}, {"name": f"Driver {n}"}]})
        db.session.commit()  # services let the caller commit
        db.session.remove()

    def activity_start(self, n: int):
        earliest, latest = ACTIVITY_STARTS
        offset = earliest + (latest - earliest) * n / self.count
        return (self.now + offset).replace(second=0, microsecond=0)

    def _past_reminders_sent(self) -> None:
        """The evening, hour-before and start reminders due before the build went out when due."""
        from webapp.extensions import db
        from webapp.models import Message
        from webapp.notify.delivery import deliver_due

        moments = db.session.scalars(sa.select(Message.due_at).distinct().where(
            Message.status == "created", Message.due_at <= self.now).order_by(Message.due_at)).all()
        db.session.remove()
        for moment in moments:
            self.clock.set(moment)
            while deliver_due().get("delivered"):
                pass
        db.session.remove()

    def move_to(self, step_start: datetime) -> None:
        """Move the plans and their messages in time, as built for `now`, to a step starting at
        `step_start`: the activities start from 60 minutes before the step to 20 after it, whatever the
        build took. Without it a 10-minute build left 10 minutes of start texts due and unsent when the
        step began: the jobs process sent them all in its first minute and those phones' message lists
        polled every 10 s together (a surge the morning itself would not have). Done before any web
        or jobs process runs: nothing reads the old times."""
        from webapp.models import Activity, Message

        shift = step_start - self.now
        engine = sa.create_engine(self.url, poolclass=sa.pool.NullPool)
        with engine.begin() as connection:
            for model in (Activity, Message):
                table = model.__table__
                times = [column for column in table.columns if isinstance(column.type, UTCDateTime)]
                connection.execute(table.update().values({column: column + sa.literal(shift, sa.Interval()) for column in times}))
        engine.dispose()
        self.now = step_start
        self.clock.set(step_start)

    def start_sessions(self, phones: list[Phone], step_start: datetime) -> list[PhoneAccount]:
        """Each person starts their session INTERVAL_MINUTES before the deadline the schedule gave it
        (all before the step starts), and gets the cookie a sign-in would have given their phone."""
        from webapp.extensions import db
        from webapp.models import Activity
        from webapp.sessions import lifecycle

        interval = timedelta(minutes=INTERVAL_MINUTES)
        accounts = {}
        with self.app.app_context():
            candidates = self._candidates()
            activities = {a.owner_id: a for a in db.session.scalars(sa.select(Activity))}
            for phone in sorted(phones, key=lambda p: p.deadline_s):
                user = candidates[phone.index]
                activity = activities[user.id]
                started = step_start + timedelta(seconds=phone.deadline_s) - interval
                if started >= step_start:
                    raise ValueError("a session would start after the step begins")
                self.clock.set(started)
                session = lifecycle.start_session(user, expected_end_at=activity.ends_at,
                                                  interval_minutes=INTERVAL_MINUTES, place=activity.meeting_point,
                                                  activity=activity)
                if len(accounts) % 100 == 99:
                    db.session.commit()
                accounts[phone.index] = PhoneAccount(user.id, activity.id, session.id, self._cookie(user),
                                                     companion_mobile(phone.index), user.email)
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        return [accounts[phone.index] for phone in phones]

    @staticmethod
    def _candidates() -> list:
        from webapp.extensions import db
        from webapp.models import User

        return db.session.scalars(sa.select(User).where(User.role == "candidate").order_by(User.id)).all()

    def _cookie(self, user) -> str:
        with self.app.test_request_context("/sign-in", method="POST", headers={"User-Agent": USER_AGENT},
                                           environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            generate_csrf()  # the sign-in page's form put the CSRF secret in the session before the POST
            login_user(user)
            response = self.app.response_class()
            self.app.session_interface.save_session(self.app, flask_session._get_current_object(), response)
            for header in response.headers.getlist("Set-Cookie"):
                if header.startswith(f"{self.app.config['SESSION_COOKIE_NAME']}="):
                    return header.split(";", 1)[0]
        raise RuntimeError("the app wrote no session cookie")
