from datetime import time

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from webapp.models.feoa import CONTACT_KINDS, CONTACT_METHODS, QUIET_DAY_CHOICES
from webapp.validators import strip

# Half-hourly from 05:00 to 22:00 UK time: never in the 01:00–02:00 hour the clocks change in.
DIGEST_TIMES = [time(h, m) for h in range(5, 23) for m in (0, 30) if (h, m) != (22, 30)]


class ContactForm(FlaskForm):
    kind = RadioField("What happened", choices=dict(CONTACT_KINDS),
                      validators=[InputRequired("Choose a contact or a safety briefing.")])
    method = SelectField("How", choices={"": "Choose how", **CONTACT_METHODS},
                         validators=[DataRequired("Choose how you were in touch.")])
    happened_on = DateField("Date", validators=[InputRequired("Enter the date, like 16/03/2027.")])
    note = TextAreaField("Note (optional)", filters=[strip],
                         validators=[Length(max=2000, message="Keep the note to 2,000 characters or fewer.")])

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def validate_happened_on(self, field):
        if self._today and field.data and field.data > self._today:
            raise ValidationError("The date cannot be in the future.")
        if self._today and field.data and (self._today - field.data).days > 366:
            raise ValidationError("The date must be within the last year.")


class SettingsForm(FlaskForm):
    digest_time = SelectField("Send my daily digest at (UK time)",
                              choices={t.strftime("%H:%M"): t.strftime("%H:%M") for t in DIGEST_TIMES},
                              validators=[DataRequired("Choose a time.")])
    email_digest = BooleanField("Email me the daily digest")
    sms_digest = BooleanField("Text me a one-line summary (needs a mobile number on your account)")
    quiet_day = RadioField("When there is nothing new", choices=dict(QUIET_DAY_CHOICES),
                           validators=[InputRequired("Choose what happens on a quiet day.")])


class CloseIncidentForm(FlaskForm):
    notes = TextAreaField("Notes for the candidate", filters=[strip],
                          validators=[DataRequired("Write a short note for the candidate: what you did or advised."),
                                      Length(max=2000, message="Keep the notes to 2,000 characters or fewer.")])
