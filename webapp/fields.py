"""Form fields shared by several areas: selects and radios that explain a bad choice.

Choices are given as {value: label} dicts (WTForms 3.3 deprecates lists of tuples).
"""

from wtforms import RadioField, SelectField

BAD_CHOICE = "Choose one of the options listed."


class ChoiceSelect(SelectField):
    """A select whose tampered or unknown value gets a plain-English message."""


    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", BAD_CHOICE)
        super().__init__(label, validators, **kwargs)


class ChoiceRadio(RadioField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", BAD_CHOICE)
        super().__init__(label, validators, **kwargs)
