"""UK postcodes: checked for format only (no look-up), stored upper case with one space."""

import re

_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})$")


class InvalidPostcode(ValueError):
    pass


def normalise_postcode(raw: str) -> str:
    """'bs1 5tr' -> 'BS1 5TR'; InvalidPostcode otherwise."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not _POSTCODE.match(compact):
        raise InvalidPostcode("Enter a UK postcode, like BS1 5TR, or leave it blank.")
    return f"{compact[:-3]} {compact[-3:]}"
