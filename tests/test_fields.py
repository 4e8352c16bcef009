"""Shared form fields: the quick select renders exactly what WTForms' own select would."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.widgets import Select

from webapp.fields import BAD_CHOICE, ChoiceSelect

CHOICES = {"": "Any kind", "canvassing": "Door-to-door canvassing", "a&b": 'Quotes "and" <tags>', "stall": "Stall"}


class PickForm(Form):
    kind = ChoiceSelect("Kind", choices=CHOICES)


@pytest.mark.parametrize("submitted", ["", "canvassing", "a&b", "not-a-choice"])
def test_the_quick_select_renders_what_the_stock_wtforms_select_renders(submitted):
    form = PickForm(MultiDict({"kind": submitted}))
    assert form.kind() == Select()(form.kind)
    assert form.kind(**{"aria-invalid": "true", "class": "wide"}) == Select()(
        form.kind, **{"aria-invalid": "true", "class": "wide"})


def test_the_chosen_option_stays_selected_and_labels_are_escaped():
    html = PickForm(MultiDict({"kind": "a&b"})).kind()
    assert '<option selected value="a&amp;b">Quotes &#34;and&#34; &lt;tags&gt;</option>' in html
    assert html.count("selected") == 1


def test_a_tampered_choice_gets_the_plain_english_message():
    form = PickForm(MultiDict({"kind": "not-a-choice"}))
    assert not form.validate()
    assert form.kind.errors == [BAD_CHOICE]
