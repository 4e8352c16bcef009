from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from webapp.validators import strip

NOTE_MAX = 120


class ReminderPreferencesForm(FlaskForm):
    remind_evening_email = BooleanField("An email with the plan and a safety checklist, the evening before at 18:00 "
                                        "(if you plan later than that, as soon as quiet hours allow)")
    remind_hour_before_sms = BooleanField("A text an hour before you set off")
    remind_start_sms = BooleanField("A text when the activity starts")
    remind_aftercare = BooleanField("An aftercare check an hour after it ends")


class ReminderNoteForm(FlaskForm):
    note = TextAreaField("Note added to the text reminders", filters=[strip], validators=[
        Length(max=NOTE_MAX, message=f"Keep the note to {NOTE_MAX} characters or fewer.")])

    def validate_note(self, field):
        from wtforms.validators import ValidationError

        if field.data and any(ord(ch) < 32 and ch not in "\n" for ch in field.data):
            raise ValidationError("Remove the special characters from the note.")
