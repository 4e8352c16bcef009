from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from webapp.auth.forms import PASSWORD_RULES
from webapp.validators import UKMobile, strip


class UploadForm(FlaskForm):
    file = FileField("CSV file of nominated candidates")


class AcceptInvitationForm(FlaskForm):
    name = StringField("Your name", filters=[strip], validators=[
        DataRequired("Enter your name."), Length(max=100, message="Name must be 100 characters or fewer.")])
    mobile = StringField("Mobile number", filters=[strip], validators=[
        Length(max=30, message="Enter a UK mobile number like 07911 123456."), UKMobile()])
    password = PasswordField("Create a password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the password again", validators=[
        DataRequired("Type the password again."), EqualTo("password", "The passwords do not match.")])
