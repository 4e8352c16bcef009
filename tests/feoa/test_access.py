"""Who sees what: an FEOA sees consenting candidates in their own force, and nothing else."""

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db

from .conftest import OTHER_FORCE

FEOA_PAGES = ["/feoa/", "/feoa/activities", "/feoa/digest", "/feoa/settings", "/feoa/candidates.csv"]


@pytest.mark.parametrize("role", ["candidate", "team_member", "election_office", "admin"])
@pytest.mark.parametrize("url", FEOA_PAGES)
def test_other_roles_get_not_found_on_feoa_pages(client, login_as, role, url):
    login_as(role)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", FEOA_PAGES)
def test_signed_out_visitors_are_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", ["candidate", "team_member", "election_office", "feoa"])
@pytest.mark.parametrize("url", ["/admin/accounts", "/admin/audit"])
def test_only_admins_reach_the_admin_pages(client, login_as, role, url):
    login_as(role)
    assert client.get(url).status_code == 404


def _names(response) -> set[str]:
    page = BeautifulSoup(response.data, "html.parser")
    return {a.get_text(strip=True) for a in page.select(".candidate-name")}


@pytest.mark.both_databases
def test_the_dashboard_lists_only_consenting_candidates_in_the_feoas_force(client, feoa, make_candidate):
    make_candidate("Home Consenting")
    make_candidate("Home Not Consenting", consent=False)
    make_candidate("Other Force Consenting", force=OTHER_FORCE)
    assert _names(client.get("/feoa/")) == {"Home Consenting"}


@pytest.mark.parametrize(("force", "consent"), [("avon-and-somerset", False), (OTHER_FORCE, True), (OTHER_FORCE, False)])
@pytest.mark.parametrize("action", ["view", "reveal", "record"])
def test_a_candidate_the_feoa_may_not_see_is_not_found(client, feoa, make_candidate, force, consent, action):
    candidacy = make_candidate(force=force, consent=consent)
    url = f"/feoa/candidates/{candidacy.id}"
    if action == "view":
        response = client.get(url)
    elif action == "reveal":
        response = client.post(url + "/contact-details")
    else:
        response = client.post(url + "/contacts", data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-16"})
    assert response.status_code == 404


def test_an_unknown_candidate_is_not_found(client, feoa):
    assert client.get("/feoa/candidates/999999").status_code == 404


def test_withdrawn_consent_removes_the_candidate_from_the_dashboard(client, feoa, make_candidate):
    candidacy = make_candidate("Withdrawing Candidate")
    assert _names(client.get("/feoa/")) == {"Withdrawing Candidate"}
    candidacy.set_consent(False, "candidate")
    db.session.commit()
    assert _names(client.get("/feoa/")) == set()
    assert client.get(f"/feoa/candidates/{candidacy.id}").status_code == 404


def test_a_deactivated_candidate_disappears(client, feoa, make_candidate):
    candidacy = make_candidate("Gone Away")
    candidacy.user.active = False
    db.session.commit()
    assert _names(client.get("/feoa/")) == set()


def test_an_feoa_without_a_force_sees_nobody(client, make_user, sign_in, make_candidate):
    adviser = make_user("feoa")
    adviser.force = None
    db.session.commit()
    sign_in(adviser)
    make_candidate("Someone")
    assert _names(client.get("/feoa/")) == set()
