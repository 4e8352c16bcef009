"""WTForms validators shared by every area's forms."""

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import ValidationError

from webapp.phones import InvalidMobile, normalise_uk_mobile


def normalise_email(text: str) -> str:
    """A syntactically valid address in lower case (no DNS look-up); ValueError otherwise."""
    try:
        # test_environment: accept the reserved .test domain the printed demo accounts use.
        return validate_email(text.strip(), check_deliverability=False, test_environment=True).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError("Enter an email address like name@example.org.") from error


class Email:
    """A syntactically valid email address, normalised to lower case."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = normalise_email(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from error


class UKMobile:
    """A UK mobile number, normalised to E.164. Empty is allowed (combine with DataRequired)."""

    def __call__(self, form, field):
        if not field.data or not field.data.strip():
            field.data = None
            return
        try:
            field.data = normalise_uk_mobile(field.data)
        except InvalidMobile as error:
            raise ValidationError(str(error)) from error


def strip(value):
    return value.strip() if isinstance(value, str) else value
