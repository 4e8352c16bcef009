from bs4 import BeautifulSoup


def test_each_team_page_renders_for_the_owner(client, sign_in, make_team, make_activity):
    team, people = make_team()
    make_activity(people["owner"])
    sign_in(people["owner"])
    for url in [f"/teams/{team.id}", f"/teams/{team.id}/do-not-knock", "/my-activities", "/calendar", "/pledge",
                "/pledge/signatories", "/my-activities/2027-03-17/print", "/teams"]:
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        page = BeautifulSoup(response.data, "html.parser")
        assert len(page.select("h1")) == 1, url
