"""Shared form fields: selects that keep the chosen option and explain a bad choice."""

from werkzeug.datastructures import MultiDict
from wtforms import Form

from webapp.fields import BAD_CHOICE, ChoiceSelect

CHOICES = {"": "Any kind", "canvassing": "Door-to-door canvassing", "a&b": 'Quotes "and" <tags>', "stall": "Stall"}


class PickForm(Form):
    kind = ChoiceSelect("Kind", choices=CHOICES)


def test_the_chosen_option_stays_selected_and_labels_are_escaped():
    html = PickForm(MultiDict({"kind": "a&b"})).kind()
    assert '<option selected value="a&amp;b">Quotes &#34;and&#34; &lt;tags&gt;</option>' in html
    assert html.count("selected") == 1


def test_a_tampered_choice_gets_the_plain_english_message():
    form = PickForm(MultiDict({"kind": "not-a-choice"}))
    assert not form.validate()
    assert form.kind.errors == [BAD_CHOICE]
