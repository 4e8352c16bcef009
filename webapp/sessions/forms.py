"""Forms for starting and ending sessions, acknowledging alerts and setting the duress PIN."""

from datetime import datetime, time, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from webapp.timeutil import LONDON, NonexistentLocalTime, london_to_utc, to_london
from webapp.validators import strip

MAX_SESSION_HOURS = 12
PIN_PATTERN = r"^\d{4,8}$"


def parse_until(text: str, now: datetime) -> datetime:
    """'19:30' as the next such London wall-clock time after `now`, in UTC; ValueError with a reason."""
    try:
        wanted = time.fromisoformat((text or "").strip())
    except ValueError as error:
        raise ValueError("Enter the time you expect to finish, like 19:30.") from error
    local_now = to_london(now)
    skipped = False
    for days in (0, 1):
        day = (local_now + timedelta(days=days)).date()
        try:
            candidate = london_to_utc(datetime.combine(day, wanted.replace(second=0, microsecond=0)))
        except NonexistentLocalTime:
            skipped = True  # the clocks skip this time tonight
            continue
        if candidate > now:
            if candidate - now > timedelta(hours=MAX_SESSION_HOURS):
                raise ValueError(f"Sessions can last up to {MAX_SESSION_HOURS} hours. Enter an earlier time.")
            if candidate - now < timedelta(minutes=5):
                raise ValueError("Enter a time at least 5 minutes from now.")
            return candidate
    if skipped:
        raise ValueError(f"The clocks go forward tonight, so {wanted:%H:%M} does not happen. Enter another time.")
    raise ValueError("Enter the time you expect to finish, like 19:30.")


class StartSessionForm(FlaskForm):
    activity_id = HiddenField()
    place = StringField("Where are you going?", filters=[strip], validators=[Length(max=200)])
    until = StringField("Until (finish time)", filters=[strip], validators=[DataRequired(
        "Enter the time you expect to finish, like 19:30."),
        Length(max=5, message="Enter the time you expect to finish, like 19:30.")])
    interval = IntegerField("Check in every (minutes)", default=30, validators=[
        DataRequired("Enter how often you will check in, in minutes (5 to 240)."),
        NumberRange(min=5, max=240, message="Check-ins can be every 5 to 240 minutes.")])
    share_location = BooleanField("Share my location with my contacts if I miss a check-in or press SOS")

    def __init__(self, *args, now: datetime, has_activity: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._now = now
        self._has_activity = has_activity
        self.expected_end_at: datetime | None = None

    def validate_place(self, field):
        if not self._has_activity and not field.data:
            raise ValidationError("Say where you are going, like \"Clifton, Whiteladies Road\".")

    def validate_until(self, field):
        try:
            self.expected_end_at = parse_until(field.data, self._now)
        except ValueError as error:
            raise ValidationError(str(error)) from error


class EndSessionForm(FlaskForm):
    pin = PasswordField("PIN (only if you have set one)", filters=[strip], validators=[Optional(), Length(max=8)])


class AcknowledgeForm(FlaskForm):
    note = TextAreaField("What are you doing about it? (optional)", filters=[strip],
                         validators=[Length(max=1000, message="Keep the note under 1,000 characters.")])


class DuressPinForm(FlaskForm):
    pin = PasswordField("New duress PIN", filters=[strip], validators=[
        DataRequired("Enter a PIN of 4 to 8 digits."),
        Regexp(PIN_PATTERN, message="Use 4 to 8 digits, no letters or spaces.")])
    confirm = PasswordField("Type the PIN again", filters=[strip], validators=[
        DataRequired("Type the PIN again."), EqualTo("pin", message="The two PINs are different.")])


def can_start_from(activity_ends_at: datetime, now: datetime) -> datetime | None:
    """When a session lasting to `activity_ends_at` can first be started, or None if it can be now.

    A session lasts up to MAX_SESSION_HOURS, so an activity further off (tomorrow's, say) has to wait;
    a form pre-filled with its end would only be refused.
    """
    earliest = activity_ends_at - timedelta(hours=MAX_SESSION_HOURS)
    return earliest if earliest > now else None


def local_time_value(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%H:%M")
