"""The main navigation shows each role its own areas (the links are built once per role and reused)."""

import pytest
from bs4 import BeautifulSoup

CAMPAIGN = ["Home", "Plans", "Safety", "Team", "Check-ins", "Incidents", "Profile", "Messages"]
EXPECTED = {
    "candidate": CAMPAIGN,
    "team_member": CAMPAIGN,
    "feoa": ["Home", "Safety", "Profile", "Messages", "Adviser dashboard"],
    "election_office": ["Home", "Safety", "Nominations", "Profile", "Messages"],
    "admin": ["Home", "Safety", "Profile", "Messages", "Staff accounts", "Audit log", "Councils"],
}


def nav_labels(client) -> list[str]:
    page = BeautifulSoup(client.get("/safety").data, "html.parser")
    return [link.get_text(strip=True) for link in page.select("nav[aria-label=Main] a")]


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_its_own_navigation_links(client, login_as, role):
    login_as(role)
    assert nav_labels(client) == EXPECTED[role]


def test_one_role_s_links_never_leak_into_the_next_person_s_navigation(client, login_as, sign_in, make_user):
    login_as("admin")
    assert "Audit log" in nav_labels(client)
    sign_in(make_user("candidate"))
    labels = nav_labels(client)
    assert "Audit log" not in labels and "Plans" in labels


def test_every_navigation_link_opens_a_page(client, login_as):
    login_as("candidate")
    page = BeautifulSoup(client.get("/safety").data, "html.parser")
    for link in page.select("nav[aria-label=Main] a"):
        assert client.get(link["href"], follow_redirects=True).status_code == 200, link["href"]

