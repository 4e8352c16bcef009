"""Benchmark: a busy campaign team's shared plan and calendar feed, in process.

    .venv/bin/python -m bench.teams [--activities 300] [--members 40] [--notes 200] [--requests 50]
    (also run by `make bench`; targets: p95 under 1 s for the pages, 200 ms for the feed)

Builds a throwaway SQLite database (migrated), one candidate whose team has --members people,
--activities activities over the 4-week campaign (each with a third of the team attending) and
--notes do-not-knock notes, then times /my-activities for a member, the member's calendar feed
and the printable week, through the Flask test client. Prints milliseconds per request.
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade

from webapp import create_app
from webapp.clock import FrozenClock
from webapp.extensions import db
from webapp.models import Activity, ActivityAttendee, DoNotKnockNote, Role, TeamMembership, User
from webapp.passwords import hash_password
from webapp.teams.access import ensure_candidate_team

START = datetime(2027, 4, 6, 8, 0, tzinfo=UTC)
STREETS = [f"{name} {kind}" for name in ("Acacia", "Elm", "Oak", "Ash", "Birch", "Cedar", "Hazel", "Rowan")
           for kind in ("Road", "Avenue", "Street", "Close", "Lane")]


def build(activities: int, members: int, notes: int) -> tuple[User, str]:
    password = hash_password("bench-password-1")
    owner = User(email="owner@bench.test", name="Bench Candidate", role=Role.CANDIDATE.value, password_hash=password)
    db.session.add(owner)
    team = ensure_candidate_team(owner)
    people = [User(email=f"m{n}@bench.test", name=f"Member {n}", role=Role.TEAM_MEMBER.value,
                   password_hash=password, mobile=f"+4479111{n:05d}") for n in range(members)]
    db.session.add_all(people)
    db.session.add_all(TeamMembership(team=team, user=p, role="member") for p in people)
    rng = random.Random(5)
    for n in range(notes):
        db.session.add(DoNotKnockNote(team=team, street=f"{n} {rng.choice(STREETS)}", reason="dog",
                                      details="Dog", added_by_id=owner.id))
    db.session.flush()
    for n in range(activities):
        starts = START + timedelta(hours=n * 2)
        activity = Activity(owner_id=owner.id, kind="canvassing", starts_at=starts, ends_at=starts + timedelta(hours=2),
                            meeting_point="Post box", area=f"Ward: {rng.choice(STREETS)}", notes="")
        db.session.add(activity)
        db.session.flush()
        for person in rng.sample(people, k=max(1, members // 3)):
            db.session.add(ActivityAttendee(activity_id=activity.id, user_id=person.id, response="going",
                                            responded_at=START))
    db.session.commit()
    return people[0]


def timed(client, url: str, requests: int) -> tuple[float, float]:
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


TARGETS_P95_MS = {"my upcoming activities": 1000, "calendar feed": 200, "printable week": 1000}


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "CLOCK": FrozenClock(START - timedelta(days=1))})
        with app.app_context():
            upgrade()
            member = build(args.activities, args.members, args.notes)
            from webapp.calendar.feeds import regenerate
            token = regenerate(member, True)
            db.session.commit()
            member_id = member.get_id()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = member_id
        print(f"{args.activities} activities, {args.members} members, {args.notes} notes, {args.requests} requests each")
        met = True
        for label, path in [("my upcoming activities", "/my-activities"),
                            ("calendar feed", f"/calendar/feed/{token}.ics"),
                            ("printable week", "/my-activities/print?from=2027-04-06&days=7")]:
            median, p95 = timed(client, path, args.requests)
            ok = p95 <= TARGETS_P95_MS[label]
            met = met and ok
            print(f"  {label:<24} median {median:7.1f} ms   p95 {p95:7.1f} ms   target p95 <= "
                  f"{TARGETS_P95_MS[label]} ms: {'met' if ok else 'MISSED'}")
        return met


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
