from datetime import date, datetime, time, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webapp.fields import ChoiceSelect
from webapp.models import ACTIVITY_KINDS
from webapp.phones import format_for_display
from webapp.plans.postcodes import InvalidPostcode, normalise_postcode
from webapp.teams.plan_form import CheckboxesField, check_attendees_in_campaign, going_ids
from webapp.timeutil import NonexistentLocalTime, london_to_utc, to_london
from webapp.validators import UKMobile, strip

MAX_COMPANIONS = 10
MAX_DURATION = timedelta(hours=24)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]
BAD_DATE = "Enter a real date, like 14/04/2027."
BAD_TIME = "Enter a time in 24-hour format, like 18:30."


def _max(n: int, what: str) -> Length:
    return Length(max=n, message=f"{what} must be {n} characters or fewer.")


def kind_choices(blank: str) -> dict[str, str]:
    return {"": blank, **ACTIVITY_KINDS}


class CompanionForm(Form):
    name = StringField("Name", filters=[strip], validators=[_max(100, "Name")])
    mobile = TelField("Mobile (optional)", filters=[strip], validators=[_max(30, "Mobile number"), UKMobile()])

    def validate_name(self, field):
        if not field.data and self.mobile.data:
            raise ValidationError("Enter this person's name, or clear their mobile number.")


class ActivityForm(FlaskForm):
    kind = ChoiceSelect("What kind of activity?", choices=kind_choices("Choose a kind of activity"),
                        validators=[DataRequired("Choose what kind of activity this is.")])
    day = DateField("Date", format=DATE_FORMATS, invalid_value_message=BAD_DATE,
                    validators=[InputRequired("Enter the date of the activity.")])
    start_time = TimeField("Start time", format=TIME_FORMATS, invalid_value_message=BAD_TIME,
                           validators=[InputRequired("Enter the start time.")])
    end_time = TimeField("End time", format=TIME_FORMATS, invalid_value_message=BAD_TIME,
                         validators=[InputRequired("Enter the end time.")])
    end_day = DateField("End date (only if it finishes on a later day)", format=DATE_FORMATS,
                        invalid_value_message=BAD_DATE, validators=[Optional()])
    meeting_point = StringField("Meeting point", filters=[strip], validators=[
        DataRequired("Enter where you will meet, like a street corner or a café."), _max(200, "Meeting point")])
    area = StringField("Area (optional)", filters=[strip], validators=[_max(200, "Area")])
    postcode = StringField("Postcode (optional)", filters=[strip], validators=[_max(10, "Postcode")])
    campaign = ChoiceSelect("Whose campaign is this for?", coerce=int, choices={},
                            validators=[DataRequired("Choose whose campaign this activity is for.")])
    attendees = CheckboxesField("Who from the team is going", coerce=int, choices={})
    companions = FieldList(FormField(CompanionForm), min_entries=3, max_entries=MAX_COMPANIONS)
    notes = TextAreaField("Notes (optional)", filters=[strip], validators=[_max(2000, "Notes")])

    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @classmethod
    def for_activity(cls, activity) -> "ActivityForm":
        """A blank form filled from a stored activity, in London time, with spare companion rows."""
        form = cls(formdata=None)
        start, end = to_london(activity.starts_at), to_london(activity.ends_at)
        form.kind.data = activity.kind
        form.day.data, form.start_time.data = start.date(), start.time()
        form.end_time.data = end.time()
        form.end_day.data = end.date() if end.date() != start.date() else None
        form.meeting_point.data, form.area.data = activity.meeting_point, activity.area
        form.postcode.data, form.notes.data = activity.postcode or "", activity.notes
        form.campaign.data, form.attendees.data = activity.owner_id, going_ids(activity)
        while len(form.companions.entries):
            form.companions.pop_entry()
        for companion in activity.companions:
            form.companions.append_entry({"name": companion.name, "mobile": format_for_display(companion.mobile)})
        form.add_spare_rows()
        return form

    def add_spare_rows(self) -> None:
        wanted = min(MAX_COMPANIONS, max(3, len(self.filled_companions()) + 2))
        while len(self.companions.entries) < wanted:
            self.companions.append_entry()

    def filled_companions(self) -> list[dict]:
        return [{"name": e.form.name.data, "mobile": e.form.mobile.data or None}
                for e in self.companions.entries if e.form.name.data]

    def validate_postcode(self, field):
        if field.data:
            try:
                field.data = normalise_postcode(field.data)
            except InvalidPostcode as error:
                raise ValidationError(str(error)) from error

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.day.data and self.start_time.data and self.end_time.data and not self.end_day.errors:
            valid = self._check_times() and valid
        if not self.campaign.errors and not self.attendees.errors:
            valid = check_attendees_in_campaign(self) and valid
        return valid

    def _check_times(self) -> bool:
        self.starts_at = _to_utc(self.day.data, self.start_time)
        self.ends_at = _to_utc(self.end_day.data or self.day.data, self.end_time)
        if self.starts_at is None or self.ends_at is None:
            return False
        # Blame the end date if one was given, otherwise the end time.
        end_field = self.end_day if self.end_day.data else self.end_time
        if self.ends_at <= self.starts_at:
            hint = "" if self.end_day.data else " If it finishes after midnight, enter the end date too."
            end_field.errors.append("The end must be after the start." + hint)
            return False
        if self.ends_at - self.starts_at > MAX_DURATION:
            end_field.errors.append("An activity can last at most 24 hours. Plan longer ones as separate days.")
            return False
        return True

    def activity_data(self) -> dict:
        """What the plans service needs, once the form is valid."""
        return {
            "kind": self.kind.data,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "meeting_point": self.meeting_point.data,
            "area": self.area.data or "",
            "postcode": self.postcode.data or None,
            "notes": self.notes.data or "",
            "companions": self.filled_companions(),
            "attendee_ids": list(self.attendees.data or []),
        }


def _to_utc(day: date, field: TimeField) -> datetime | None:
    local = datetime.combine(day, field.data or time())
    try:
        return london_to_utc(local)
    except NonexistentLocalTime:
        field.errors.append(f"The clocks go forward at 1am on {day:%-d %B}, so {field.data:%H:%M} does not exist "
                            "that night. Choose a time from 02:00.")
        return None


class ActivityFilterForm(Form):
    """The list filter: read from the query string, so it works as a plain GET form too."""

    kind = ChoiceSelect("Kind", choices=kind_choices("Any kind"), validators=[Optional()])
    date_from = DateField("From", format=DATE_FORMATS, invalid_value_message=BAD_DATE, validators=[Optional()])
    date_to = DateField("To", format=DATE_FORMATS, invalid_value_message=BAD_DATE, validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The 'to' date must be on or after the 'from' date.")
