"""Demo data scaled up: the demo accounts, and 500 activities for the demo candidate.

`python -m bench.generate sqlite:////tmp/bench.sqlite3` builds (migrates and fills) that database.
"""

import random
import sys
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import delete, select

from webapp import create_app
from webapp.clock import utcnow
from webapp.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo_data
from webapp.extensions import db
from webapp.models import Activity, Companion, User
from webapp.models.activities import ACTIVITY_KINDS
from webapp.seed import seed_reference_data
from webapp.timeutil import to_london

ACTIVITIES = 500
CANDIDATE_EMAIL = DEMO_ACCOUNTS[0][0]
CANDIDATE_PASSWORD = DEMO_PASSWORD
STREETS = ["Whiteladies Road", "Park Street", "Gloucester Road", "North Street", "Queen Square", "Clifton Down"]


def add_activities(owner: User, count: int, seed: int = 2027) -> None:
    """`count` activities: a fifth in the past, the rest over the coming weeks, some with companions."""
    rng = random.Random(seed)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    kinds = list(ACTIVITY_KINDS)
    for n in range(count):
        starts = now + timedelta(hours=rng.randint(-24 * 30, 24 * 60))
        activity = Activity(owner=owner, kind=rng.choice(kinds), starts_at=starts,
                            ends_at=starts + timedelta(minutes=rng.choice([60, 90, 120, 180, 300])),
                            meeting_point=f"{rng.choice(STREETS)} corner", area=f"Polling district {n % 12 + 1}",
                            postcode="BS8 1TH", notes="Bring leaflets and the do-not-knock list.")
        if n % 3:
            activity.companions.append(Companion(name=f"Volunteer {n % 7 + 1}", mobile="+447911123457"))
        db.session.add(activity)
    db.session.commit()


def build(database_url: str, activities: int = ACTIVITIES) -> None:
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
        seed_reference_data(to_london(utcnow()).date())
        seed_demo_data()
        owner = db.session.scalar(select(User).where(User.email == CANDIDATE_EMAIL))
        ids = select(Activity.id).where(Activity.owner_id == owner.id)
        db.session.execute(delete(Companion).where(Companion.activity_id.in_(ids)))
        db.session.execute(delete(Activity).where(Activity.owner_id == owner.id))
        add_activities(owner, activities)
        db.engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m bench.generate <database URL>")
    build(sys.argv[1])
    print(f"{sys.argv[1]}: demo accounts and {ACTIVITIES} activities for {CANDIDATE_EMAIL}")
