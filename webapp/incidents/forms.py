from datetime import datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, MultipleFileField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from webapp.clock import utcnow
from webapp.models.incidents import INCIDENT_CATEGORIES, POLICE_REPORTED
from webapp.timeutil import NonexistentLocalTime, london_to_utc
from webapp.validators import strip

CATEGORY_CHOICES = [SelectChoice("", "Choose what happened")] + [SelectChoice(k, v) for k, v in INCIDENT_CATEGORIES.items()]
POLICE_CHOICES = [SelectChoice(k, v) for k, v in POLICE_REPORTED.items()]


class IncidentForm(FlaskForm):
    category = SelectField("What kind of incident?", choices=CATEGORY_CHOICES,
                           validators=[DataRequired("Choose what kind of incident it was.")])
    occurred_at = StringField("When did it happen?", filters=[strip],
                              validators=[DataRequired("Enter when it happened."), Length(max=16)])
    location = StringField("Where?", filters=[strip],
                           validators=[Length(max=200, message="Where must be 200 characters or fewer.")])
    description = TextAreaField("What happened?", filters=[strip], validators=[
        DataRequired("Describe what happened, in your own words."),
        Length(max=5000, message="What happened must be 5,000 characters or fewer. Add more as an update.")])
    person = StringField("Who did it, if you know", filters=[strip],
                         validators=[Length(max=200, message="Who must be 200 characters or fewer.")])
    witnesses = TextAreaField("Witnesses", filters=[strip],
                              validators=[Length(max=1000, message="Witnesses must be 1,000 characters or fewer.")])
    police_reported = SelectField("Have you reported it to the police?", choices=POLICE_CHOICES,
                                  default="no", validators=[DataRequired("Choose whether you reported it.")])
    police_reference = StringField("Police reference number", filters=[strip], validators=[
        Optional(), Length(max=40, message="The reference must be 40 characters or fewer."),
        Regexp(r"^[A-Za-z0-9 /\-.:]+$", message="Use only letters, numbers, spaces, / - . and : in the reference.")])
    campaign = SelectField("Is it about a candidate's campaign?", choices=[], default="")
    urgent = BooleanField("This is urgent: there is a threat to someone's safety now or soon")
    evidence = MultipleFileField("Photos, screenshots or PDFs (optional)")

    def validate_occurred_at(self, field):
        try:
            local = datetime.strptime(field.data, "%Y-%m-%dT%H:%M")
        except ValueError as error:
            raise ValidationError("Enter the date and time like 2027-04-03 18:30.") from error
        try:
            moment = london_to_utc(local)
        except NonexistentLocalTime as error:
            raise ValidationError("That time did not exist: the clocks went forward an hour. "
                                  "Choose a time after 02:00.") from error
        now = utcnow()
        if moment > now + timedelta(minutes=5):
            raise ValidationError("That time is in the future. Enter when it happened.")
        if moment < now - timedelta(days=3 * 365):
            raise ValidationError("Enter a date within the last three years.")
        self.occurred_utc = moment

    def details(self) -> dict:
        """What the person wrote, for webapp/incidents/service.py (when it happened as aware UTC)."""
        return {"category": self.category.data, "occurred_at": self.occurred_utc,
                "location": self.location.data or "", "description": self.description.data,
                "person": self.person.data or "", "witnesses": self.witnesses.data or "",
                "police_reported": self.police_reported.data, "police_reference": self.police_reference.data or "",
                "urgent": bool(self.urgent.data)}

    def campaign_choice(self) -> str | None:
        """The campaign chosen ("" for none), or None when there was none to choose."""
        return self.campaign.data if "campaign" in self else None

    def offer_campaigns(self, campaigns) -> None:
        """Team members choose whether the candidate sees it; candidates' incidents are their own."""
        if not campaigns:
            del self.campaign
            return
        self.campaign.choices = [SelectChoice("", "No: keep it in my own log only")] + [
            SelectChoice(str(c.id), f"Yes: {c.user.display_name}'s campaign (they will see it)") for c in campaigns]

    def validate_police_reference(self, field):
        if field.data and self.police_reported.data == "no":
            raise ValidationError("Choose how you reported it before adding a reference number.")


class IncidentUpdateForm(FlaskForm):
    body = TextAreaField("Add an update", filters=[strip], validators=[
        DataRequired("Write the update before saving it."),
        Length(max=2000, message="An update must be 2,000 characters or fewer.")])


class EvidenceForm(FlaskForm):
    files = MultipleFileField("Add photos, screenshots or PDFs")
