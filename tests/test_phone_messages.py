"""Phone numbers: each wrong number gets the message that says what is wrong with it, and every example
number we show passes the validator."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from webapp.phones import EXAMPLE, IN_USE, InvalidMobile, normalise_uk_mobile

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("typed", "stored"), [
    ("07911 123456", "+447911123456"),
    ("+44 7911 123456", "+447911123456"),
    ("07912 345678", "+447912345678"),
    ("(07911) 123-456", "+447911123456"),
])
def test_a_uk_mobile_is_stored_in_e164(typed, stored):
    assert normalise_uk_mobile(typed) == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("07700 900123", IN_USE),  # Ofcom's drama range: never allocated
    ("07911 345678", IN_USE),  # 11 digits, but a range no network uses: not "incomplete"
    ("07911 12345", "That number is too short: it has 10 digits, and UK mobiles have 11, like 07911 123456."),
    ("079111 234567", "That number is too long: it has 12 digits, and UK mobiles have 11, like 07911 123456."),
    ("0117 922 2000", "That looks like a landline, which cannot receive texts. Enter a mobile number (starting 07)."),
    ("020 7946 0000", "That looks like a landline, which cannot receive texts. Enter a mobile number (starting 07)."),
    ("0800 123 4567", "That is a freephone number. Enter your own mobile number."),
    ("+33 6 12 34 56 78", "Enter a UK mobile number (starting 07 or +44 7)."),
    ("call me", "Enter a UK mobile number, like 07911 123456."),
    ("", "Enter a mobile number."),
])
def test_each_wrong_number_gets_its_own_precise_message(typed, message):
    with pytest.raises(InvalidMobile) as error:
        normalise_uk_mobile(typed)
    assert str(error.value) == message


def example_numbers() -> list[tuple[str, str]]:
    """Every 07… number written in a template, a form, the phone messages or the README."""
    found = []
    files = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt"), *ROOT.glob("webapp/**/*.py"),
             ROOT / "README.md"]
    for path in files:
        for number in re.findall(r"\b07\d{3} ?\d{6}\b", path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), number))
    return found


def test_every_example_number_we_show_passes_the_validator():
    examples = example_numbers()
    assert ("webapp/phones.py", EXAMPLE) in examples
    refused = []
    for where, number in examples:
        try:
            normalise_uk_mobile(number)
        except InvalidMobile:
            refused.append((where, number))
    assert refused == []


def test_the_profile_offers_email_to_someone_with_no_mobile_so_saving_it_as_it_stands_works(client, login_as):
    login_as("candidate", mobile=None, contact_preference="both")  # as an invitation leaves it
    page = BeautifulSoup(client.get("/profile").data, "html.parser")
    assert page.select_one("input[name=contact_preference][checked]")["value"] == "email"
    form = {field["name"]: field.get("value", "") for field in page.select("#profile-form input[name]")
            if field.get("type") not in ("radio", "checkbox")}
    form.update({select["name"]: (select.select_one("option[selected]") or {"value": ""}).get("value", "")
                 for select in page.select("#profile-form select")})
    form["contact_preference"] = "email"
    assert client.post("/profile", data=form).status_code == 303


def test_someone_with_a_mobile_keeps_their_choice(client, login_as):
    login_as("candidate", mobile="+447911123456", contact_preference="both")
    page = BeautifulSoup(client.get("/profile").data, "html.parser")
    assert page.select_one("input[name=contact_preference][checked]")["value"] == "both"
