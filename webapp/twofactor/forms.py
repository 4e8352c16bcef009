from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp


def _digits_only(value):
    return "".join(value.split()) if isinstance(value, str) else value


class CodeForm(FlaskForm):
    code = StringField(
        "6-digit code from your authenticator app",
        filters=[_digits_only],
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app."),
            Length(max=6, message="The code is 6 digits."),
            Regexp(r"^\d{6}$", message="The code is 6 digits, like 123456."),
        ],
    )


class RecoveryCodeForm(FlaskForm):
    code = StringField(
        "Recovery code",
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            DataRequired("Enter one of your recovery codes."),
            Length(max=20, message="Recovery codes look like abcde-fghjk."),
            Regexp(r"^[A-Za-z0-9]{5}[- ]?[A-Za-z0-9]{5}$", message="Recovery codes look like abcde-fghjk."),
        ],
    )
