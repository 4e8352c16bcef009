from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from webapp.validators import Email, strip

PASSWORD_RULES = [
    DataRequired("Enter a password."),
    Length(min=10, max=200, message="Use at least 10 characters (three random words work well)."),
]


class SignInForm(FlaskForm):
    email = EmailField("Email address", filters=[strip], validators=[DataRequired("Enter your email address."), Length(max=254), Email()])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=200)])
    remember = BooleanField("Keep me signed in on this phone")


class RegisterForm(FlaskForm):
    name = StringField("Full name", filters=[strip], validators=[DataRequired("Enter your name."), Length(max=100, message="Name must be 100 characters or fewer.")])
    email = EmailField("Email address", filters=[strip], validators=[DataRequired("Enter your email address."), Length(max=254, message="Email must be 254 characters or fewer."), Email()])
    password = PasswordField("Create a password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the password again", validators=[DataRequired("Type the password again."), EqualTo("password", "The passwords do not match.")])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email address", filters=[strip], validators=[DataRequired("Enter your email address."), Length(max=254), Email()])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the new password again", validators=[DataRequired("Type the new password again."), EqualTo("password", "The passwords do not match.")])


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired("Enter your current password."), Length(max=200)])
    password = PasswordField("New password", validators=PASSWORD_RULES)
    confirm = PasswordField("Type the new password again", validators=[DataRequired("Type the new password again."), EqualTo("password", "The passwords do not match.")])

    def validate_password(self, field):
        if field.data and field.data == self.current.data:
            raise ValidationError("Choose a password different from your current one.")
