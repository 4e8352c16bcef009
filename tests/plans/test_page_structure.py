"""Every page this area renders: one h1, a label for every input, no duplicate ids."""

from collections import Counter

import pytest
from bs4 import BeautifulSoup


def check_structure(html: str) -> None:
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("h1")) == 1
    ids = [tag["id"] for tag in page.select("[id]")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for control in page.select("input, select, textarea"):
        if control.get("type") in ("hidden", "submit", "button"):
            continue
        labelled = (control.get("id") and page.select_one(f"label[for='{control['id']}']")) \
            or control.find_parent("label") or control.get("aria-label")
        assert labelled, f"no label for {control}"
    assert not page.select("[style]"), "inline styles break the CSP"
    assert not [s for s in page.select("script") if not s.get("src")], "inline scripts break the CSP"


@pytest.fixture
def candidate_pages(login_as, make_activity):
    owner = login_as("candidate")
    activity = make_activity(owner, companions=[("Sam", "+447911123457")])
    return ["/", "/activities", "/activities?kind=rocket", "/activities/new", f"/activities/{activity.id}",
            f"/activities/{activity.id}/edit", "/profile"]


def test_candidate_pages_are_well_formed(client, candidate_pages):
    for url in candidate_pages:
        response = client.get(url)
        assert response.status_code in (200, 422), url
        check_structure(response.get_data(as_text=True))


def test_pages_with_errors_are_well_formed(client, login_as, activity_form):
    login_as("candidate")
    check_structure(client.post("/activities/new", data=activity_form(kind="", postcode="zz")).get_data(as_text=True))
    check_structure(client.post("/profile", data={"name": "", "email": "x"}).get_data(as_text=True))


@pytest.mark.parametrize("role", ["team_member", "feoa", "election_office", "admin"])
def test_other_roles_pages_are_well_formed(client, login_as, role):
    login_as(role)
    for url in ("/", "/profile"):
        check_structure(client.get(url).get_data(as_text=True))
