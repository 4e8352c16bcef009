from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from webapp.auth.forms import PASSWORD_RULES
from webapp.models.teams import HAZARD_REASONS, MEMBER, ORGANISER
from webapp.validators import Email, UKMobile, strip

INVITE_ROLES = [SelectChoice(MEMBER, "Member: sees the shared plan, joins activities"),
                SelectChoice(ORGANISER, "Organiser (agent): plans and edits activities, manages the team")]


class InviteForm(FlaskForm):
    name = StringField("Their name", filters=[strip], validators=[
        DataRequired("Enter the name of the person you are inviting."),
        Length(max=100, message="Name must be 100 characters or fewer.")])
    email = EmailField("Email address", filters=[strip], validators=[
        Length(max=254, message="Email must be 254 characters or fewer."), Email()])
    mobile = TelField("Or a UK mobile number", filters=[strip], validators=[
        Length(max=20, message="Mobile must be 20 characters or fewer."), UKMobile()])
    role = RadioField("Role in the team", choices=INVITE_ROLES, default=MEMBER,
                      validators=[DataRequired("Choose a role.")])

    def validate_mobile(self, field):
        if not self.email.data and not field.data and not self.email.errors:
            raise ValidationError("Enter an email address or a mobile number to send the invitation to.")
        if self.email.data and field.data:
            raise ValidationError("Enter an email address or a mobile number, not both.")


class ChangeRoleForm(FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(MEMBER, "Member"), SelectChoice(ORGANISER, "Organiser")],
                       validators=[DataRequired("Choose a role.")])


class InvitedAccountForm(FlaskForm):
    """A new account made from an invitation: the invited address is fixed."""

    name = StringField("Full name", filters=[strip], validators=[
        DataRequired("Enter your name."), Length(max=100, message="Name must be 100 characters or fewer.")])
    email = EmailField("Email address", filters=[strip], validators=[
        DataRequired("Enter your email address."), Length(max=254, message="Email must be 254 characters or fewer."),
        Email()])
    mobile = TelField("UK mobile number", filters=[strip], validators=[
        Length(max=20, message="Mobile must be 20 characters or fewer."), UKMobile()])
    password = PasswordField("Create a password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the password again", validators=[
        DataRequired("Type the password again."), EqualTo("password", "The passwords do not match.")])


class HazardForm(FlaskForm):
    street = StringField("Street or address", filters=[strip], validators=[
        DataRequired("Enter the street or address."),
        Length(min=3, max=120, message="Enter between 3 and 120 characters.")])
    reason = RadioField("Why", choices=[SelectChoice(k, v) for k, v in HAZARD_REASONS.items()], validators=[DataRequired("Choose a reason.")])
    details = StringField("Details (optional)", filters=[strip], validators=[
        Length(max=300, message="Details must be 300 characters or fewer.")])


class ConfirmForm(FlaskForm):
    """A POST with nothing but the CSRF token (leave, remove, cancel)."""


