"""The smaller rough edges a newcomer hit on a phone (issue 14, item 12), each fixed and kept fixed."""


from tests.helpers import soup
from webapp.extensions import db
from webapp.teams.access import ensure_candidate_team


def test_a_pending_text_invitation_shows_the_number_as_everywhere_else(client, sign_in, make_user):
    owner = make_user("candidate")
    team = ensure_candidate_team(owner)
    db.session.commit()
    sign_in(owner)
    client.post(f"/teams/{team.id}/invitations",
                data={"name": "Priya Canvasser", "email": "", "mobile": "07912 345678", "role": "member"})
    pending = soup(client.get(f"/teams/{team.id}")).select_one("#pending-heading").find_parent("section").text
    assert "Priya Canvasser (07912 345678)" in pending and "+447912345678" not in pending


def test_the_profile_and_the_reminder_settings_say_how_to_stop_texts(client, login_as):
    login_as("candidate")
    assert "reply STOP" in soup(client.get("/profile")).select_one("#stop-texts").text
    assert "To stop all our texts, reply STOP" in soup(client.get("/settings/reminders")).select_one("main").text


def test_the_incident_log_says_to_mention_operation_ford_when_calling_101(client, login_as):
    login_as("candidate")
    text = " ".join(soup(client.get("/incidents")).select_one("main").text.split())
    assert "call 101 or report at police.uk, and say it is an Operation Ford incident" in text


def test_where_to_report_puts_each_steps_buttons_on_their_own_line_after_its_text(client, login_as):
    login_as("candidate")
    section = soup(client.get("/incidents/new")).select_one("#where-to-report")
    for step in section.select("ol > li"):
        for button in step.select("a.button"):
            assert button.find_parent("p")["class"] == ["step-actions"]
        assert step.select_one(".step-text") is not None
    assert "Operation Ford" in section.text
