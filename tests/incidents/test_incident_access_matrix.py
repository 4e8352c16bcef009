"""Who can reach what: roles × objects. Anything hidden is a 404; the anonymous are sent to sign in."""

import io

import pytest
import sqlalchemy as sa

from tests.helpers import png_bytes
from webapp.extensions import db
from webapp.incidents.access import incidents_shared_with
from webapp.models import Evidence, Force, NominationImport, Nominee, TeamMembership
from webapp.office import handover
from webapp.teams.access import ensure_candidate_team

ROLES = ["candidate", "team_member", "another_candidate", "office_here", "office_elsewhere",
         "feoa_here", "feoa_elsewhere", "anonymous"]

EXPECTED = {
    #                  incident evidence import candidate_record
    "candidate":         (200, 200, 404, 404),
    "team_member":       (404, 404, 404, 404),
    "another_candidate": (404, 404, 404, 404),
    "office_here":       (404, 404, 200, 200),
    "office_elsewhere":  (404, 404, 404, 404),
    "feoa_here":         (404, 200, 404, 404),
    "feoa_elsewhere":    (404, 404, 404, 404),
    "anonymous":         (302, 302, 302, 302),
}
OBJECTS = ["incident", "evidence", "import", "candidate_record"]


@pytest.fixture
def world(app, make_user, candidate, make_incident, client, sign_in):
    """One candidate's shared incident with a photo, and one council's confirmed import."""
    devon = db.session.scalar(sa.select(Force.id).where(Force.code == "devon-and-cornwall"))
    people = {
        "candidate": candidate,
        "team_member": make_user("team_member"),
        "another_candidate": make_user("candidate"),
        "office_here": make_user("election_office", council="Bristol City Council"),
        "office_elsewhere": make_user("election_office", council="Plymouth City Council"),
        "feoa_here": make_user("feoa"),
        "feoa_elsewhere": make_user("feoa", force_code="devon-and-cornwall"),
    }
    team = ensure_candidate_team(candidate)  # the team member is in this candidate's own team
    db.session.add(TeamMembership(team=team, user=people["team_member"], role="member"))
    people["office_here"].force_id = candidate.candidacy.force_id
    people["office_elsewhere"].force_id = devon
    incident = make_incident(candidate, shared_with_feoa=True)
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/evidence", data={"files": [(io.BytesIO(png_bytes()), "p.png")]},
                content_type="multipart/form-data")
    evidence = db.session.scalar(sa.select(Evidence))
    staged = NominationImport(office_user=people["office_here"], council="Bristol City Council",
                              council_id=people["office_here"].council_id,
                              force_id=candidate.candidacy.force_id, filename="n.csv", sha256="0" * 64,
                              rows=[{"line": 2, "name": "Ann", "email": "ann@example.org", "mobile": None,
                                     "office": "mayor", "ward": "", "party": "", "consent": True}])
    db.session.add(staged)
    db.session.flush()
    handover.apply_import(staged, people["office_here"])
    db.session.commit()
    nominee = db.session.scalar(sa.select(Nominee))
    urls = {
        "incident": f"/incidents/{incident.id}",
        "evidence": f"/incidents/{incident.id}/evidence/{evidence.id}",
        "import": f"/office/imports/{staged.id}",
        "candidate_record": f"/office/candidates/{nominee.id}",
    }
    return {"people": people, "urls": urls, "incident": incident}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("thing", OBJECTS)
def test_each_role_reaches_exactly_what_the_rules_allow(app, world, sign_in, role, thing):
    visitor = app.test_client()
    if role != "anonymous":
        sign_in(world["people"][role], on=visitor)
    response = visitor.get(world["urls"][thing])
    expected = EXPECTED[role][OBJECTS.index(thing)]
    assert response.status_code == expected, (role, thing)
    if expected == 302:
        assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_only_the_feoa_of_the_candidates_force_is_given_the_shared_incident(world, role):
    shared = list(db.session.scalars(incidents_shared_with(world["people"][role])))
    assert [i.id for i in shared] == ([world["incident"].id] if role == "feoa_here" else [])


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("candidate", "anonymous")])
@pytest.mark.parametrize("action", ["edit", "updates", "evidence", "share", "withdraw"])
def test_nobody_else_can_change_the_incident(app, world, sign_in, role, action):
    visitor = app.test_client()
    sign_in(world["people"][role], on=visitor)
    url = f"{world['urls']['incident']}/{action}"
    response = visitor.post(url, data={"body": "x"}, content_type="multipart/form-data")
    assert response.status_code == 404


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("office_here", "anonymous")])
def test_nobody_else_can_confirm_an_import_or_resend_an_invitation(app, world, sign_in, role):
    visitor = app.test_client()
    sign_in(world["people"][role], on=visitor)
    assert visitor.post(world["urls"]["import"] + "/confirm").status_code == 404
    assert visitor.post(world["urls"]["candidate_record"] + "/resend").status_code == 404
    assert visitor.get("/office").status_code == (200 if role == "office_elsewhere" else 404)
