"""`flask seed-demo` gives the demo candidate a few plans, once."""

from sqlalchemy import func, select

from webapp.daylight import place_of
from webapp.demo import seed_demo_data
from webapp.extensions import db
from webapp.models import Activity, User
from webapp.plans.prompts import after_dark


def test_the_demo_candidate_gets_an_upcoming_an_after_dark_and_a_past_activity_once(app, clock):
    seed_demo_data()
    seed_demo_data()
    candidate = db.session.scalar(select(User).where(User.email == "candidate@demo.campaignsafe.test"))
    activities = list(db.session.scalars(select(Activity).where(Activity.owner_id == candidate.id)))
    assert len(activities) == 3
    now = clock.now()
    assert sum(a.ends_at < now for a in activities) == 1
    place = place_of(candidate.candidacy.force)  # the demo force's sun times, as the plan page uses
    assert any(a.starts_at > now and after_dark(a.starts_at, a.ends_at, place) for a in activities)
    assert db.session.scalar(select(func.count(Activity.id))) == 3


def test_the_demo_volunteer_goes_along_as_one_of_the_team_not_as_someone_outside_it(app, client, sign_in):
    from bs4 import BeautifulSoup

    seed_demo_data()
    volunteer = db.session.scalar(select(User).where(User.email == "member@demo.campaignsafe.test"))
    sign_in(volunteer)
    page = BeautifulSoup(client.get("/my-activities").data, "html.parser").get_text(" ")
    assert "Sam Volunteer" in page and "Sam Volunteer (not in the team)" not in page
    assert "You said you'll come." in page
