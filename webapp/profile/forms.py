from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, StringField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.extensions import db
from webapp.fields import ChoiceRadio, ChoiceSelect
from webapp.models import CONTACT_PREFERENCES, OFFICES, Election, Force
from webapp.validators import Email, UKMobile, strip


def _max(n: int, what: str) -> Length:
    return Length(max=n, message=f"{what} must be {n} characters or fewer.")


class PersonForm(FlaskForm):
    """What every signed-in person can keep up to date about themselves."""

    name = StringField("Full name", filters=[strip], validators=[DataRequired("Enter your name."), _max(100, "Name")])
    email = EmailField("Email address", filters=[strip], validators=[
        DataRequired("Enter your email address."), _max(254, "Email"), Email()])
    mobile = TelField("UK mobile number", filters=[strip], validators=[_max(30, "Mobile number"), UKMobile()])
    contact_preference = ChoiceRadio("How should CampaignSafe contact you?",
                                     choices=dict(CONTACT_PREFERENCES), default="both")
    emergency_contact_name = StringField("Emergency contact's name", filters=[strip],
                                         validators=[_max(100, "Name")])
    emergency_contact_mobile = TelField("Emergency contact's mobile", filters=[strip],
                                        validators=[_max(30, "Mobile number"), UKMobile()])

    def validate_mobile(self, field):
        if not field.data and self.contact_preference.data in ("sms", "both"):
            raise ValidationError("Enter a mobile number so we can text you, or choose email only.")

    def validate_emergency_contact_name(self, field):
        if not field.data and self.emergency_contact_mobile.data:
            raise ValidationError("Enter your emergency contact's name.")

    def validate_emergency_contact_mobile(self, field):
        if not field.data and self.emergency_contact_name.data:
            raise ValidationError("Enter your emergency contact's mobile number.")
        if field.data and field.data == self.mobile.data:
            raise ValidationError("Your emergency contact needs a different number from yours.")


class CandidateProfileForm(PersonForm):
    """A candidate's details plus what they are standing for and where."""

    office = ChoiceSelect("Office you are standing for")
    council = StringField("Council or authority", filters=[strip], validators=[Optional(), _max(120, "Council")])
    ward = StringField("Ward or division", filters=[strip], validators=[Optional(), _max(120, "Ward or division")])
    party = StringField("Party, or Independent", filters=[strip], validators=[Optional(), _max(120, "Party")])
    force_id = ChoiceSelect("Police force area")
    election_id = ChoiceSelect("Election")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.office.choices = {"": "Choose an office", **OFFICES}
        forces = db.session.execute(select(Force.id, Force.name).order_by(Force.name)).all()
        self.force_id.choices = {"": "Choose your police force area", **{str(i): n for i, n in forces}}
        elections = db.session.scalars(select(Election).order_by(Election.polling_day)).all()
        self.election_id.choices = {"": "Choose an election", **{str(e.id): str(e) for e in elections}}


class ConsentForm(FlaskForm):
    decision = ChoiceSelect("Your decision", choices={"give": "Share", "withdraw": "Stop sharing"})
