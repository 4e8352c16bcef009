"""The main navigation shows each role its own areas (the links are built once per role and reused)."""

import pytest
from bs4 import BeautifulSoup

CAMPAIGN = ["Home", "Plans", "Check-ins", "Incidents", "Safety", "Team", "Civility Pledge", "Profile", "Messages"]
EXPECTED = {
    "candidate": CAMPAIGN,
    "team_member": CAMPAIGN,
    "feoa": ["Home", "Adviser dashboard", "Safety", "Profile", "Messages"],
    "election_office": ["Home", "Nominations", "Safety", "Profile", "Messages"],
    "admin": ["Home", "Staff accounts", "Safety", "Profile", "Messages", "Audit log", "Councils"],
}


def nav_page(client) -> BeautifulSoup:
    return BeautifulSoup(client.get("/safety").data, "html.parser")


def nav_labels(client) -> list[str]:
    """The links a wide screen shows (the phone's "More" disclosure holds copies of the secondary ones)."""
    return [link.get_text(strip=True) for link in nav_page(client).select("nav[aria-label=Main] ul.nav > li > a")]


@pytest.mark.parametrize("role", EXPECTED)
def test_a_phone_shows_at_most_four_links_in_its_row_and_the_rest_under_more(client, login_as, role):
    login_as(role)
    nav = nav_page(client).select_one("nav[aria-label=Main]")
    row = [a.get_text(strip=True) for a in nav.select("ul.nav > li:not(.nav-wide) > a")]
    more = [a.get_text(strip=True) for a in nav.select(".nav-more details a")]
    assert row[0] == "Home" and len(row) <= 4
    assert row + more == EXPECTED[role]
    assert nav.select_one(".nav-more details summary").get_text(strip=True) == "More"
    assert nav.select_one(".nav-more details button").get_text(strip=True) == "Sign out"


def test_the_current_page_is_marked_in_the_navigation(client, login_as):
    login_as("candidate")
    current = nav_page(client).select("nav[aria-label=Main] a[aria-current=page]")
    assert {a.get_text(strip=True) for a in current} == {"Safety"}


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

