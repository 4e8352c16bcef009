"""UK mobile numbers: parsed with phonenumbers, stored in E.164, explained when wrong."""

import functools

import phonenumbers
from phonenumbers import PhoneNumberType, ValidationResult

_WRONG_TYPE = {
    PhoneNumberType.FIXED_LINE: "That looks like a landline, which cannot receive texts. Enter a mobile number (starting 07).",
    PhoneNumberType.PREMIUM_RATE: "That is a premium-rate number. Enter your own mobile number.",
    PhoneNumberType.TOLL_FREE: "That is a freephone number. Enter your own mobile number.",
    PhoneNumberType.SHARED_COST: "That is a shared-cost number. Enter your own mobile number.",
    PhoneNumberType.VOIP: "That is an internet phone number. Enter a mobile number.",
    PhoneNumberType.PERSONAL_NUMBER: "That is a personal forwarding number. Enter a mobile number.",
    PhoneNumberType.PAGER: "That is a pager number. Enter a mobile number.",
    PhoneNumberType.UAN: "That is a business number. Enter a mobile number.",
}


EXAMPLE = "07911 123456"  # passes the validator (Ofcom's drama range 07700 900xxx does not)
IN_USE = "That number does not look like a UK mobile in use — check it."


class InvalidMobile(ValueError):
    pass


def normalise_uk_mobile(raw: str) -> str:
    """'07911 123456' or '+44 7911 123456' -> '+447911123456'; InvalidMobile with a precise reason otherwise:
    a wrong length, a landline (or other kind of number), or a range no mobile network uses."""
    text = (raw or "").strip()
    if not text:
        raise InvalidMobile("Enter a mobile number.")
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException as error:
        raise InvalidMobile(f"Enter a UK mobile number, like {EXAMPLE}.") from error
    if number.country_code != 44:
        raise InvalidMobile("Enter a UK mobile number (starting 07 or +44 7).")
    national = phonenumbers.national_significant_number(number)
    if national.startswith("7") and len(national) != 10:  # 07 and 9 more digits
        short = len(national) < 10
        raise InvalidMobile(f"That number is too {'short' if short else 'long'}: it has {len(national) + 1} digits, "
                            f"and UK mobiles have 11, like {EXAMPLE}.")
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason in (ValidationResult.TOO_SHORT, ValidationResult.INVALID_LENGTH):
            raise InvalidMobile(f"That number is too short. UK mobiles have 11 digits, like {EXAMPLE}.")
        if reason == ValidationResult.TOO_LONG:
            raise InvalidMobile(f"That number is too long. UK mobiles have 11 digits, like {EXAMPLE}.")
        raise InvalidMobile(IN_USE if national.startswith("7") else
                            f"That does not look like a UK number in use. Mobiles start 07, like {EXAMPLE}.")
    kind = phonenumbers.number_type(number)
    if kind not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise InvalidMobile(_WRONG_TYPE.get(kind, f"Enter a UK mobile number, like {EXAMPLE}."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=4096)  # see bench/README.md, "The message list's poll"
def format_for_display(e164: str | None) -> str:
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "GB")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
