"""Every FEOA and admin page: one h1, a label for every input, no duplicate ids."""

import pytest
from bs4 import BeautifulSoup


def _check(html: str) -> None:
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("h1")) == 1
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for control in page.select("main input:not([type=hidden]), main select, main textarea"):
        labelled = control.find_parent("label") or page.select_one(f"label[for='{control.get('id')}']")
        assert labelled is not None, f"no label for {control}"


@pytest.mark.parametrize("url", ["/feoa/", "/feoa/activities", "/feoa/digest", "/feoa/settings", "/feoa/candidate"])
def test_feoa_pages_are_well_formed(client, feoa, make_candidate, make_activity, url):
    candidacy = make_candidate()
    make_activity(candidacy)
    if url == "/feoa/candidate":
        url = f"/feoa/candidates/{candidacy.id}"
    response = client.get(url)
    assert response.status_code == 200
    _check(response.data)


@pytest.mark.parametrize("url", ["/admin/accounts", "/admin/audit", "/two-factor/recovery-codes"])
def test_admin_pages_are_well_formed(client, make_user, sign_in, url):
    sign_in(make_user("admin"))
    make_user("feoa")
    response = client.get(url)
    assert response.status_code == 200
    _check(response.data)


@pytest.mark.parametrize("url", ["/two-factor/set-up", "/two-factor/code", "/two-factor/recovery"])
def test_two_factor_pages_are_well_formed(client, make_user, url):
    from webapp.extensions import db
    from webapp.twofactor import codes

    user = make_user("feoa")
    if url != "/two-factor/set-up":
        codes.start_enrolment(user).confirmed_at = client.application.extensions["clock"].now()
        db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": "correct horse battery"})
    response = client.get(url)
    assert response.status_code == 200
    _check(response.data)
