from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, EmailField, SelectField, StringField, TelField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.councils import find_council, force_mismatch
from webapp.extensions import db
from webapp.models import Force
from webapp.validators import Email, UKMobile, strip

STAFF_ROLES = {"feoa": "Police adviser (FEOA)", "election_office": "Election office"}


class CreateStaffForm(FlaskForm):
    role = SelectField("Kind of account", choices=STAFF_ROLES, validators=[DataRequired("Choose the kind of account.")])
    name = StringField("Full name", filters=[strip], validators=[DataRequired("Enter their name."), Length(max=100, message="Name must be 100 characters or fewer.")])
    email = EmailField("Work email address", filters=[strip], validators=[DataRequired("Enter their email address."), Length(max=254, message="Email must be 254 characters or fewer."), Email()])
    mobile = TelField("Work mobile (for the daily text summary)", filters=[strip], validators=[Optional(), Length(max=20, message="Mobile numbers are at most 20 characters."), UKMobile()])
    force = SelectField("Police force (FEOA and election-office accounts)", coerce=str, default="")
    council = StringField("Council (election-office accounts): its name or GSS code", filters=[strip], validators=[Length(max=120, message="Council must be 120 characters or fewer.")])
    council_record = None  # the Council the council field names, once validated

    def validate_force(self, field):
        if self.role.data == "feoa" and not field.data:
            raise ValidationError("Choose the police force this adviser works for.")

    def validate_council(self, field):
        if self.role.data != "election_office":
            return
        if not field.data:
            raise ValidationError("Enter the council this election office works for.")
        self.council_record = find_council(field.data)
        if self.council_record is None:
            raise ValidationError(f"There is no council called {field.data} in the list. Check the spelling, "
                                  "or add it on the Councils page first.")
        force = db.session.scalar(select(Force).where(Force.code == self.force.data)) if self.force.data else None
        problem = force_mismatch(self.council_record, force)
        if problem:
            self.force.errors = [*self.force.errors, f"{problem} Choose one of its forces."]
            raise ValidationError("This council does not lie in the force chosen below.")


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
