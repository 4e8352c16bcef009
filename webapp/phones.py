"""UK mobile numbers: parsed with phonenumbers, stored in E.164, explained when wrong."""

import phonenumbers
from phonenumbers import PhoneNumberType

_WRONG_TYPE = {
    PhoneNumberType.FIXED_LINE: "That looks like a landline. Enter a mobile number so texts can reach you.",
    PhoneNumberType.PREMIUM_RATE: "That is a premium-rate number. Enter your own mobile number.",
    PhoneNumberType.TOLL_FREE: "That is a freephone number. Enter your own mobile number.",
    PhoneNumberType.SHARED_COST: "That is a shared-cost number. Enter your own mobile number.",
    PhoneNumberType.VOIP: "That is an internet phone number. Enter a mobile number.",
    PhoneNumberType.PERSONAL_NUMBER: "That is a personal forwarding number. Enter a mobile number.",
    PhoneNumberType.PAGER: "That is a pager number. Enter a mobile number.",
    PhoneNumberType.UAN: "That is a business number. Enter a mobile number.",
}


class InvalidMobile(ValueError):
    pass


def normalise_uk_mobile(raw: str) -> str:
    """'07700 900123' or '+44 7700 900123' -> '+447700900123'; InvalidMobile with a reason otherwise."""
    text = (raw or "").strip()
    if not text:
        raise InvalidMobile("Enter a mobile number.")
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as error:
        raise InvalidMobile("Enter a UK mobile number, like 07700 900123.") from error
    if number.country_code != 44:
        raise InvalidMobile("Enter a UK mobile number (starting 07 or +44 7).")
    if not phonenumbers.is_valid_number(number):
        raise InvalidMobile("That number is not complete or has a typo. UK mobiles have 11 digits, like 07700 900123.")
    kind = phonenumbers.number_type(number)
    if kind not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise InvalidMobile(_WRONG_TYPE.get(kind, "Enter a UK mobile number, like 07700 900123."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_for_display(e164: str | None) -> str:
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "GB")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
