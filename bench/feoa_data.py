"""Generated data for the FEOA benchmarks: forces, FEOAs, candidates, activities (bulk inserts)."""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from webapp.extensions import db
from webapp.models import (
    NOMINATED,
    Activity,
    Candidacy,
    Companion,
    Election,
    FeoaContact,
    Force,
    Incident,
    Role,
    User,
)
from webapp.timeutil import london_to_utc

CHUNK = 5_000


def _bulk(model, rows):
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start:start + CHUNK])
    db.session.commit()


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def generate(*, candidates: int, activities: int, digest_day: date, big_force_candidates: int = 0,
             incidents: int = 0, seed: int = 7, big_force_not_on_app: bool = False) -> dict:
    """Spread `candidates` over the 45 forces (the first force gets `big_force_candidates` of them),
    one FEOA per force, and `activities` over the 14 days either side of `digest_day`. Every candidate
    is nominated; with `big_force_not_on_app` the big force's are handed-over nominees not on the app yet."""
    rng = random.Random(seed)
    forces = db.session.scalars(select(Force).order_by(Force.id)).all()
    election = db.session.scalar(select(Election))
    password_hash = "$argon2id$v=19$m=65536,t=3,p=4$bench$bench"  # noqa: S105 - never used to sign in
    now = datetime(digest_day.year, digest_day.month, digest_day.day, tzinfo=UTC) - timedelta(days=20)

    user_id = _next_id(User)
    feoas = []
    users, candidacies = [], []
    for force in forces:
        feoas.append({"id": user_id, "email": f"feoa-{force.code}@bench.test", "name": f"FEOA {force.name}",
                      "role": Role.FEOA.value, "password_hash": password_hash, "force_id": force.id,
                      "mobile": "+447911123456", "contact_preference": "both", "active": True,
                      "created_at": now, "password_changed_at": now})
        user_id += 1
    _bulk(User, feoas)

    candidacy_id = _next_id(Candidacy)
    candidate_ids = []
    for n in range(candidates):
        force = forces[0] if n < big_force_candidates else rng.choice(forces)
        users.append({"id": user_id, "email": f"candidate{n}@bench.test", "name": f"Candidate {n:05d}",
                      "role": Role.CANDIDATE.value, "password_hash": password_hash, "mobile": "+447911123457",
                      "contact_preference": "both", "active": True, "created_at": now, "password_changed_at": now,
                      "on_app": not (big_force_not_on_app and n < big_force_candidates)})
        consent = n < big_force_candidates or rng.random() < 0.7
        candidacies.append({"id": candidacy_id, "user_id": user_id, "office": "councillor",
                            "council": f"Council {n % 300}", "ward": f"Ward {n % 2000}", "party": "Independent",
                            "force_id": force.id, "election_id": election.id, "feoa_consent": consent,
                            "feoa_consent_changed_at": now + timedelta(minutes=rng.randrange(30 * 24 * 60)),
                            "verification": NOMINATED})
        candidate_ids.append((user_id, candidacy_id))
        user_id += 1
        candidacy_id += 1
    _bulk(User, users)
    _bulk(Candidacy, candidacies)

    activity_id = _next_id(Activity)
    rows, companions = [], []
    first_day = digest_day - timedelta(days=14)
    for _ in range(activities):
        owner, _candidacy = rng.choice(candidate_ids)
        day = first_day + timedelta(days=rng.randrange(28))
        start = london_to_utc(datetime(day.year, day.month, day.day, rng.choice(range(9, 21)), rng.choice((0, 30))))
        rows.append({"id": activity_id, "owner_id": owner, "kind": "canvassing", "starts_at": start,
                     "ends_at": start + timedelta(hours=2), "meeting_point": "Library", "area": "Town centre",
                     "notes": "", "created_at": now, "updated_at": now})
        if rng.random() < 0.5:
            companions.append({"activity_id": activity_id, "name": "Helper"})
        activity_id += 1
        if len(rows) >= 50_000:
            _bulk(Activity, rows)
            _bulk(Companion, companions)
            rows, companions = [], []
    _bulk(Activity, rows)
    _bulk(Companion, companions)

    # Incidents over the last four weeks; half shared with the FEOA, some of them since yesterday.
    rows = []
    for _ in range(incidents):
        owner, candidacy = rng.choice(candidate_ids)
        occurred = now + timedelta(days=20) - timedelta(minutes=rng.randrange(28 * 24 * 60))
        shared = rng.random() < 0.5
        rows.append({"owner_id": owner, "candidacy_id": candidacy, "category": "online_abuse", "occurred_at": occurred,
                     "description": "Abusive replies.", "shared_with_feoa": shared,
                     "shared_at": occurred + timedelta(hours=1) if shared else None,
                     "created_at": occurred, "updated_at": occurred})
    _bulk(Incident, rows)

    contacts = [{"candidacy_id": c, "feoa_id": feoas[0]["id"], "kind": rng.choice(("contact", "briefing")),
                 "method": "phone", "happened_on": digest_day - timedelta(days=3), "note": "", "created_at": now}
                for _, c in rng.sample(candidate_ids, k=min(len(candidate_ids), candidates // 5))]
    _bulk(FeoaContact, contacts)
    return {"feoas": len(feoas), "big_force_feoa_email": feoas[0]["email"], "big_force_id": forces[0].id}
