"""Form fields shared by several areas: selects and radios that explain a bad choice.

Choices are given as {value: label} dicts (WTForms 3.3 deprecates lists of tuples).
"""

from markupsafe import Markup, escape
from wtforms import RadioField, SelectField
from wtforms.widgets import Select

BAD_CHOICE = "Choose one of the options listed."


class QuickSelect(Select):
    """WTForms' Select with the same output, built with plain string formatting: the stock widget
    runs inspect.signature() on every render and Markup.format for every option, about 15 µs an
    option (the 45 police forces, the activity kinds). WTForms is pinned in constraints.txt;
    tests/test_fields.py checks the output stays identical to the stock widget's."""

    @classmethod
    def _dispatch_render_option(cls):
        return cls.render_option

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""  # attributes in html_params' sorted order
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')  # noqa: S704 - both escaped


class ChoiceSelect(SelectField):
    """A select whose tampered or unknown value gets a plain-English message."""

    widget = QuickSelect()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", BAD_CHOICE)
        super().__init__(label, validators, **kwargs)


class ChoiceRadio(RadioField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", BAD_CHOICE)
        super().__init__(label, validators, **kwargs)
