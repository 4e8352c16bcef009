"""Digest settings, the preview page and the one-click unsubscribe link."""

from datetime import time

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from webapp.extensions import db
from webapp.feoa.settings import unsubscribe_token
from webapp.models import FeoaSettings


def _settings(user):
    return db.session.scalar(select(FeoaSettings).where(FeoaSettings.user_id == user.id))


def test_the_settings_page_shows_the_defaults(client, feoa):
    page = BeautifulSoup(client.get("/feoa/settings").data, "html.parser")
    assert page.select_one("#digest_time option[selected]").text == "07:00"
    assert page.select_one("#email_digest").has_attr("checked")
    assert page.select_one("input[name=quiet_day][value=note]").has_attr("checked")


def test_saving_settings_changes_the_digest_time_and_quiet_day(client, feoa):
    response = client.post("/feoa/settings", data={"digest_time": "06:30", "email_digest": "y", "quiet_day": "nothing"})
    assert response.status_code == 303
    prefs = _settings(feoa)
    assert (prefs.digest_time, prefs.email_digest, prefs.sms_digest, prefs.quiet_day) == (time(6, 30), True, False, "nothing")


def test_the_settings_page_says_the_chosen_time_not_each_morning(client, feoa):
    client.post("/feoa/settings", data={"digest_time": "18:30", "email_digest": "y", "quiet_day": "note"})
    intro = BeautifulSoup(client.get("/feoa/settings").data, "html.parser").select_one("main h1 + p").text
    assert "at 18:30 UK time" in intro and "morning" not in intro


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"digest_time": "01:30", "quiet_day": "note"}, "digest_time", "Not a valid choice"),
        ({"digest_time": "25:00", "quiet_day": "note"}, "digest_time", "Not a valid choice"),
        ({"digest_time": "", "quiet_day": "note"}, "digest_time", "Choose a time"),
        ({"digest_time": "07:00"}, "quiet_day", "Choose what happens on a quiet day"),
        ({"digest_time": "07:00", "quiet_day": "loud"}, "quiet_day", "Not a valid choice"),
    ],
)
def test_bad_settings_are_explained(hx, feoa, data, field, message):
    response = hx.post("/feoa/settings", target="settings-form", data=data)
    assert response.status_code == 422
    page = BeautifulSoup(response.data, "html.parser")
    assert message.lower() in page.select_one(f"#{field}-error").text.lower()
    assert _settings(feoa) is None


def test_one_click_unsubscribe_turns_off_digest_emails_without_signing_in(app, make_user):
    adviser = make_user("feoa")
    token = unsubscribe_token(adviser)
    client = app.test_client()
    response = client.post(f"/feoa/digest/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _settings(adviser).email_digest is False
    assert "digest settings" in BeautifulSoup(response.data, "html.parser").text


def test_the_unsubscribe_link_asks_before_acting_when_opened(app, make_user):
    adviser = make_user("feoa")
    page = BeautifulSoup(app.test_client().get(f"/feoa/digest/unsubscribe/{unsubscribe_token(adviser)}").data,
                         "html.parser")
    assert page.select_one("form[method=post] button").text == "Stop digest emails"
    assert _settings(adviser) is None


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJ1c2VyIjoxfQ.bad.sig"])
def test_a_tampered_unsubscribe_link_is_refused(client, make_user, token):
    make_user("feoa")
    assert client.post(f"/feoa/digest/unsubscribe/{token}").status_code == 404


def test_an_unsubscribed_feoa_can_turn_emails_back_on(client, feoa):
    client.post(f"/feoa/digest/unsubscribe/{unsubscribe_token(feoa)}")
    client.post("/feoa/settings", data={"digest_time": "07:00", "email_digest": "y", "quiet_day": "note"})
    assert _settings(feoa).email_digest is True


def test_the_preview_shows_todays_digest_and_the_text_message(client, feoa, make_candidate):
    candidacy = make_candidate("Casey Candidate")
    client.post(f"/feoa/candidates/{candidacy.id}/contacts",
                data={"kind": "briefing", "method": "phone", "happened_on": "2027-03-16"})
    page = BeautifulSoup(client.get("/feoa/digest").data, "html.parser")
    assert len(page.select("h1")) == 1
    assert "0 candidates not yet contacted" in page.select_one("#digest-sms").text
    assert "Casey Candidate" in page.select_one("#digest-recorded").text
