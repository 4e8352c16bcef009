"""Location is kept only if shared, and deleted 30 days after the session ends."""


from webapp.extensions import db
from webapp.models.sessions import LocationPoint
from webapp.sessions import purge

SOMEWHERE = {"latitude": "51.4545", "longitude": "-2.6094", "accuracy": "20"}


def test_location_is_stored_only_when_the_session_shares_it(start, client):
    quiet = start(share_location=False)
    client.post(f"/sessions/{quiet.id}/check-in", data=SOMEWHERE)
    assert db.session.query(LocationPoint).count() == 0
    client.post(f"/sessions/{quiet.id}/end")
    sharing = start(share_location=True)
    client.post(f"/sessions/{sharing.id}/check-in", data=SOMEWHERE)
    [point] = db.session.query(LocationPoint).all()
    assert (point.session_id, point.latitude, point.longitude, point.accuracy_m) == (sharing.id, 51.4545, -2.6094, 20)


def test_nonsense_positions_are_ignored_but_the_check_in_still_counts(start, client):
    session = start(share_location=True)
    for bad in ({"latitude": "91", "longitude": "0"}, {"latitude": "x", "longitude": "y"},
                {"latitude": "nan", "longitude": "1"}, {"latitude": "1"}):
        assert client.post(f"/sessions/{session.id}/check-in", data=bad).status_code == 303
    db.session.refresh(session)
    assert session.check_in_seq == 4
    assert db.session.query(LocationPoint).count() == 0


def test_location_is_deleted_30_days_after_the_session_ends(start, client, clock, tick):
    session = start(share_location=True)
    client.post(f"/sessions/{session.id}/check-in", data=SOMEWHERE)
    client.post(f"/sessions/{session.id}/end")
    clock.advance(days=30)  # exactly 30 days: kept until the moment passes
    assert purge.run() == 0
    clock.advance(minutes=2)
    tick()
    assert db.session.query(LocationPoint).count() == 0
