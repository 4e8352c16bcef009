from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.validators import Email, UKMobile, strip

STAFF_ROLES = {"feoa": "Police adviser (FEOA)", "election_office": "Election office"}


class CreateStaffForm(FlaskForm):
    role = SelectField("Kind of account", choices=STAFF_ROLES, validators=[DataRequired("Choose the kind of account.")])
    name = StringField("Full name", filters=[strip], validators=[DataRequired("Enter their name."), Length(max=100, message="Name must be 100 characters or fewer.")])
    email = EmailField("Work email address", filters=[strip], validators=[DataRequired("Enter their email address."), Length(max=254, message="Email must be 254 characters or fewer."), Email()])
    mobile = TelField("Work mobile (for the daily text summary)", filters=[strip], validators=[Optional(), Length(max=20, message="Mobile numbers are at most 20 characters."), UKMobile()])
    force = SelectField("Police force (FEOA and election-office accounts)", coerce=str, default="")
    council = StringField("Council (election-office accounts)", filters=[strip], validators=[Length(max=120, message="Council must be 120 characters or fewer.")])

    def validate_force(self, field):
        if self.role.data == "feoa" and not field.data:
            raise ValidationError("Choose the police force this adviser works for.")

    def validate_council(self, field):
        if self.role.data == "election_office" and not field.data:
            raise ValidationError("Enter the council this election office works for.")


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField("Action", validators=[Optional()])
    actor = StringField("Who (email contains)", filters=[strip], validators=[Optional(), Length(max=254, message="Search at most 254 characters.")])
    start = DateField("From", validators=[Optional()])
    end = DateField("To", validators=[Optional()])

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The 'to' date must be on or after the 'from' date.")
