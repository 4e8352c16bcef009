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


NUL_MESSAGE = "This contains an invisible NUL character, which cannot be saved. Type it again rather than pasting it."


def strip(value):
    """Trim a typed value. A NUL character is refused here, beside its field (PostgreSQL cannot store it)."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)  # WTForms shows a filter's ValueError as the field's error
    return value.strip()
