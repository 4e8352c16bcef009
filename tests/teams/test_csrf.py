"""Every state change in teams, calendar and pledge needs the CSRF token."""

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def urls(make_team, make_activity):
    team, people = make_team()
    activity = make_activity(people["owner"])
    return people, [f"/teams/{team.id}/invitations", f"/teams/{team.id}/do-not-knock", "/calendar", "/pledge/sign",
                    f"/activities/{activity.id}/attendance", f"/teams/{team.id}/leave", "/pledge/withdraw"]


def test_posts_without_the_token_are_refused(client, sign_in, urls):
    people, paths = urls
    sign_in(people["organiser"])
    for path in paths:
        response = client.post(path, data={"name": "x", "street": "Acacia Avenue", "reason": "dog", "answer": "going"})
        assert response.status_code == 400, path
        assert "Your form expired" in response.get_data(as_text=True)


def test_every_form_on_the_team_pages_carries_the_token(client, sign_in, urls, make_team):
    people, paths = urls
    sign_in(people["owner"])
    team_id = paths[0].split("/")[2]
    for page_url in (f"/teams/{team_id}", f"/teams/{team_id}/do-not-knock", "/calendar", "/pledge", "/my-activities"):
        page = BeautifulSoup(client.get(page_url).data, "html.parser")
        for form in page.select("form[method=post]"):
            assert form.select_one("input[name=csrf_token]") is not None, (page_url, form.get("action"))
