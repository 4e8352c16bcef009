"""Reading forms out of HTML responses the way a person would see them."""

from bs4 import BeautifulSoup

from tests.helpers import soup as html  # noqa: F401 - the auth tests' name for it, imported from here


def error_beside(page: BeautifulSoup, field_id: str) -> str | None:
    """The error message shown inside the field's own block, if any."""
    message = page.select_one(f"#{field_id}-field .error-message")
    return message.get_text(" ", strip=True).removeprefix("Error:").strip() if message else None


def value_of(page: BeautifulSoup, field_id: str) -> str | None:
    field = page.select_one(f"#{field_id}")
    return field.get("value") if field is not None else None
