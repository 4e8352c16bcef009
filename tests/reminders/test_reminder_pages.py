"""Pages: the activity's messages, the reminder note with its SMS preview, preferences, history, dev outbox."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from webapp.extensions import db
from webapp.models import Message, ReminderNote
from webapp.timeutil import london_to_utc, to_london

MOBILE = "+447700900111"


def page(response):
    soup = BeautifulSoup(response.data, "html.parser")
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    return soup


def test_the_activity_lists_its_scheduled_messages_and_polls_while_one_is_due(client, clock, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    clock.set(london_to_utc(datetime(2027, 3, 17, 17, 57)))  # the plan email is due at 18:00
    sign_in(organiser)
    soup = page(client.get(f"/activities/{activity.id}/messages"))
    assert len(soup.select("h1")) == 1
    section = soup.select_one("#activity-messages")
    assert section["hx-trigger"] == "every 10s"
    assert section["hx-disinherit"] == "*"  # links inside must not inherit the polling swap
    assert len(section.select("li")) == 4
    assert "Text an hour before" in section.get_text()


def test_the_htmx_refresh_returns_just_the_list_and_stops_polling_when_all_are_final(app, client, hx, sign_in,
                                                                                     organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    db.session.query(Message).update({"status": "delivered"})
    db.session.commit()
    sign_in(organiser)
    response = hx.get(f"/activities/{activity.id}/messages", target="activity-messages")
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one("h1") is None
    assert not soup.select_one("#activity-messages").has_attr("hx-trigger")
    assert "HX-Request" in response.headers["Vary"]


def test_a_failed_message_shows_a_plain_reason_on_the_activity(client, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    row = db.session.query(Message).filter_by(kind="reminder-hour-before").one()
    row.status, row.error_code = "permanent-failure", "21211"
    db.session.commit()
    sign_in(organiser)
    soup = page(client.get(f"/activities/{activity.id}/messages"))
    assert "This number can't receive texts — check it in your profile." in soup.select_one(
        f"#message-{row.id} .error-message").get_text()


@pytest.mark.parametrize("who", ["anonymous", "other_candidate", "team_member", "feoa", "election_office", "admin"])
@pytest.mark.parametrize("path", ["/activities/{id}/messages", "/activities/{id}/reminder-note"])
def test_only_the_organiser_sees_an_activitys_messages(client, make_user, sign_in, plan, who, path):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    if who == "anonymous":
        response = client.get(path.format(id=activity.id))
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
        return
    sign_in(make_user("candidate" if who == "other_candidate" else who))
    assert client.get(path.format(id=activity.id)).status_code == 404


def test_a_missing_activity_is_a_404(client, sign_in, organiser):
    sign_in(organiser)
    assert client.get("/activities/99999/messages").status_code == 404


def test_the_note_form_previews_the_text_with_its_length(client, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    soup = page(client.get(f"/activities/{activity.id}/reminder-note"))
    preview = soup.select_one("[data-sms-preview]")
    assert preview["data-sms-source"] == "note"
    assert soup.select_one("label[for=note]")
    count = preview.select_one("[data-sms-count]").get_text(" ", strip=True)
    assert "1 text" in count and "GSM-7" in count
    assert soup.select_one("script[src*='sms-preview']")


def test_saving_a_note_adds_it_to_the_texts(client, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    response = client.post(f"/activities/{activity.id}/reminder-note", data={"note": "Park at the school."})
    assert response.status_code == 303
    row = db.session.query(Message).filter_by(kind="reminder-hour-before").one()
    db.session.refresh(row)
    assert row.body.endswith(" Park at the school.")
    assert db.session.get(ReminderNote, activity.id).note == "Park at the school."


@pytest.mark.parametrize(("note", "error"), [
    ("x" * 121, "120 characters or fewer"),
    ("Bring\x07 leaflets", "special characters"),
])
def test_a_bad_note_is_a_422_with_the_input_kept(hx, sign_in, organiser, plan, note, error):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    response = hx.post(f"/activities/{activity.id}/reminder-note", target="note-form", data={"note": note})
    assert response.status_code == 422
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one("h1") is None
    assert error in soup.select_one("#note-error").get_text()
    assert soup.select_one("#note").get_text().lstrip("\r\n") == note


def test_a_long_note_shows_as_two_texts_in_the_preview(hx, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    response = hx.post(f"/activities/{activity.id}/reminder-note", target="note-form", data={"note": "😀" * 121})
    count = BeautifulSoup(response.data, "html.parser").select_one("[data-sms-count]").get_text(" ", strip=True)
    assert "UCS-2" in count


def test_choosing_reminders_rewrites_upcoming_ones(client, sign_in, organiser, plan):
    activity = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    soup = page(client.get("/settings/reminders"))
    assert soup.select_one("#remind_aftercare")["checked"] is not None
    response = client.post("/settings/reminders", data={"remind_hour_before_sms": "y", "remind_start_sms": "y"})
    assert response.status_code == 303
    statuses = {m.kind: m.status for m in db.session.query(Message).filter_by(activity_id=activity.id)}
    assert statuses == {"reminder-evening": "cancelled", "reminder-hour-before": "created",
                        "reminder-start": "created", "reminder-aftercare": "cancelled"}


def test_the_history_page_shows_only_my_messages(client, sign_in, organiser, make_user, plan):
    plan(datetime(2027, 3, 18, 10, 0), companions=[("Jo", "+447700900222")])
    other = make_user("candidate")
    sign_in(organiser)
    soup = page(client.get("/notifications"))
    assert len(soup.select("h1")) == 1
    text = soup.get_text()
    assert "07700 900111" in text and "07700 900222" not in text
    sign_in(other)
    assert page(client.get("/notifications")).select_one(".empty")


def test_the_dev_outbox_shows_the_newest_messages_to_signed_in_users(client, sign_in, organiser, plan):
    plan(datetime(2027, 3, 18, 10, 0))
    assert client.get("/dev/outbox").status_code == 302
    sign_in(organiser)
    soup = page(client.get("/dev/outbox"))
    assert "In danger call 999" in soup.get_text()


def test_the_dev_outbox_does_not_exist_when_turned_off(app, client, sign_in, organiser):
    app.config["SHOW_DEV_OUTBOX"] = False
    sign_in(organiser)
    assert client.get("/dev/outbox").status_code == 404


def test_an_account_with_a_companions_mobile_cannot_change_that_companions_texts(client, sign_in, make_user, plan):
    """Finding 2: the companion is the number the planner typed, not whoever has it on a profile."""
    stranger = make_user("candidate", name="Not Jo", mobile="+447911123456")
    activity = plan(datetime(2027, 3, 18, 10, 0), companions=[("Jo", "+447911123456")])
    sign_in(stranger)
    client.post("/settings/reminders", data={"remind_start_sms": "y"})
    texts = db.session.query(Message).filter_by(activity_id=activity.id, recipient="+447911123456").all()
    assert {m.kind: m.status for m in texts} == {"reminder-hour-before": "created", "reminder-start": "created",
                                                  "reminder-aftercare": "created"}
    assert {m.user_id for m in texts} == {None}


def test_a_plan_made_late_lists_its_plan_email_by_what_it_is_not_as_the_evening_before(client, clock, sign_in,
                                                                                       organiser, plan):
    clock.set(london_to_utc(datetime(2027, 3, 17, 22, 0)))  # planned at 22:00 for 10:00 tomorrow
    activity = plan(datetime(2027, 3, 18, 10, 0))
    sign_in(organiser)
    text = page(client.get(f"/activities/{activity.id}/messages")).select_one("#activity-messages").get_text(" ")
    assert "Plan and checklist email" in text and "Evening" not in text
    row = db.session.query(Message).filter_by(activity_id=activity.id, kind="reminder-evening").one()
    assert to_london(row.due_at).strftime("%a %H:%M") == "Thu 08:00"
