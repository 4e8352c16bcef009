"""With CSRF protection on, htmx's POST and DELETE work with the X-CSRFToken header and fail without it."""

import re

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Activity


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True}


def page_token(client, url="/activities/new"):
    """The token the page puts in hx-headers for htmx to send."""
    html = client.get(url).get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def test_an_htmx_post_with_the_header_plans_the_activity(hx, client, login_as, activity_form):
    login_as("candidate")
    token = page_token(client)
    response = hx.post("/activities/new", target="activity-form", data=activity_form(),
                       headers={"X-CSRFToken": token})
    assert response.status_code == 200 and "HX-Location" in response.headers
    assert db.session.scalar(select(func.count(Activity.id))) == 1


def test_an_htmx_post_without_the_header_is_refused_and_plans_nothing(hx, client, login_as, activity_form):
    login_as("candidate")
    page_token(client)
    response = hx.post("/activities/new", target="activity-form", data=activity_form())
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_an_htmx_delete_with_the_header_cancels(hx, client, login_as, make_activity):
    activity = make_activity(login_as("candidate"))
    token = page_token(client, f"/activities/{activity.id}")
    response = hx.delete(f"/activities/{activity.id}", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    db.session.refresh(activity)
    assert activity.is_cancelled


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_an_htmx_delete_without_a_valid_header_changes_nothing(hx, client, login_as, make_activity, token):
    activity = make_activity(login_as("candidate"))
    page_token(client, f"/activities/{activity.id}")
    headers = {"X-CSRFToken": token} if token else {}
    response = hx.delete(f"/activities/{activity.id}", headers=headers)
    assert response.status_code == 400
    db.session.refresh(activity)
    assert not activity.is_cancelled


def test_the_no_javascript_cancel_form_carries_its_own_token(client, login_as, make_activity):
    activity = make_activity(login_as("candidate"))
    html = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post(f"/activities/{activity.id}/cancel").status_code == 400
    assert client.post(f"/activities/{activity.id}/cancel", data={"csrf_token": token}).status_code == 303


def test_the_profile_and_consent_need_the_token_too(hx, client, login_as):
    user = login_as("candidate")
    token = page_token(client, "/profile")
    assert hx.post("/profile/consent", target="consent", data={"decision": "give"}).status_code == 400
    response = hx.post("/profile/consent", target="consent", data={"decision": "give"},
                       headers={"X-CSRFToken": token})
    assert response.status_code == 200
    db.session.refresh(user.candidacy)
    assert user.candidacy.feoa_consent is True
