"""Reading the nominations CSV: every problem reported with its line, nothing written."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.office.conftest import HEADER
from webapp.office.column_mapping import guess_field
from webapp.office.csv_import import is_home_address, parse

LIMIT = 5 * 1024 * 1024


def test_a_good_file_gives_normalised_rows_with_their_lines():
    result = parse((HEADER + "Priya Shah, Priya.Shah@Example.org ,07911 123401,Councillor,Clifton,Green,Yes\n"
                    "\n"
                    "Gareth Price,gareth@example.org,,Mayor,,,no\n").encode(), LIMIT)
    assert result.ok
    assert result.rows == [
        {"name": "Priya Shah", "email": "priya.shah@example.org", "mobile": "+447911123401", "office": "councillor",
         "ward": "Clifton", "party": "Green", "parish": False, "consent": True, "line": 2},
        {"name": "Gareth Price", "email": "gareth@example.org", "mobile": None, "office": "mayor",
         "ward": "", "party": "", "parish": False, "consent": False, "line": 4},
    ]


def test_columns_may_come_in_any_order_with_common_spellings():
    content = "Consent,Ward/Division,Full Name,Email Address,Mobile Number,Office,Party\nyes,Clifton,Ann,ann@example.org,,councillor,\n"
    result = parse(content.encode(), LIMIT)
    assert result.ok and result.rows[0]["name"] == "Ann" and result.rows[0]["ward"] == "Clifton"


def test_utf8_with_a_bom_is_read():
    content = "\ufeff" + HEADER + "Zoë Adeyemi,zoe@example.org,,councillor,Southville,,yes\n"
    result = parse(content.encode("utf-8"), LIMIT)
    assert result.ok and result.rows[0]["name"] == "Zoë Adeyemi"


def test_windows_1252_is_read():
    content = HEADER + "Zoë O’Brien,zoe@example.org,,councillor,Southville,,yes\n"
    result = parse(content.encode("cp1252"), LIMIT)
    assert result.ok and result.rows[0]["name"] == "Zoë O’Brien"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",a@example.org,,councillor,Clifton,,yes", "the name is missing"),
        ("Ann,,,councillor,Clifton,,yes", "email address is missing"),
        ("Ann,not-an-email,,councillor,Clifton,,yes", "not a valid email address"),
        ("Ann,a@example.org,12345,councillor,Clifton,,yes", "mobile “12345”"),
        ("Ann,a@example.org,020 7946 0000,councillor,Clifton,,yes", "looks like a landline"),
        ("Ann,a@example.org,,alderman,Clifton,,yes", "is not one we know"),
        ("Ann,a@example.org,,councillor,,,yes", "ward or division is missing"),
        ("Ann,a@example.org,,councillor,Clifton,,perhaps", "must be yes or no"),
        ("Ann,a@example.org,,councillor,Clifton", "has 5 values but the header has 7 columns"),
        ("A" * 101 + ",a@example.org,,councillor,Clifton,,yes", "longer than 100 characters"),
        ("Ann,a@example.org,,councillor," + "W" * 121 + ",,yes", "ward is longer than 120"),
        ("Ann," + "a" * 250 + "@example.org,,councillor,Clifton,,yes", "longer than 254"),
    ],
)
def test_each_bad_row_is_reported_with_its_line_number(row, reason):
    content = HEADER + "Good Person,good@example.org,,councillor,Clifton,,yes\n" + row + "\n"
    result = parse(content.encode(), LIMIT)
    assert not result.ok
    assert any(line == 3 and reason in text for line, text in result.row_errors), result.row_errors


def test_a_duplicate_email_in_the_file_names_the_first_line():
    content = HEADER + "Ann,ann@example.org,,mayor,,,yes\nBob,bob@example.org,,mayor,,,no\nAnn Again,ANN@example.org,,mayor,,,no\n"
    result = parse(content.encode(), LIMIT)
    assert result.row_errors == [(4, "ann@example.org is already on line 2.")]


def test_every_bad_row_is_listed_not_just_the_first():
    content = HEADER + "".join(f"P{i},bad{i},,mayor,,,yes\n" for i in range(5))
    assert [line for line, _ in parse(content.encode(), LIMIT).row_errors] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"   \n\n", "The file is empty"),
        (HEADER.encode(), "header row but no candidates"),
        (b"name,email\nAnn,a@example.org\n", "Choose the column with the office (or choose one office for every "
                                             "row below); the consent to share with the police adviser."),
        ((HEADER.strip() + ",home address\n").encode(), "header row but no candidates"),
        (b"Ann,ann@example.org\nBob,bob@example.org\n", "Choose the column with the candidate's name"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 50, "not a CSV file"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "not text we can read"),
        (b"name,email,mobile,office,ward,party,consent\n" + b"x" * (LIMIT + 1), "larger than 5 MB"),
        ((HEADER + 'Ann,"a@example.org,,mayor,,,yes\n').encode(), ""),
    ],
)
def test_a_bad_file_gets_a_clear_reason(content, message):
    result = parse(content, LIMIT)
    assert not result.ok
    reasons = result.errors + [text for _, text in result.row_errors]
    assert reasons and any(message in reason for reason in reasons), reasons


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=600),
                 st.lists(st.lists(st.text(alphabet=st.sampled_from('ab ;,\t"\r\n=@é\ufeff'), max_size=8), max_size=6),
                          max_size=6).map(lambda rows: "\n".join(",".join(r) for r in rows).encode())))
def test_any_bytes_give_rows_or_reasons_and_never_an_exception(content):
    result = parse(content, LIMIT)
    assert result.rows or result.errors or result.bad


@pytest.mark.parametrize(
    ("header", "dropped"),
    [("Home Address", True), ("Address", True), ("Address 1", True), ("Address Line 2", True), ("Address1", True),
     ("Postcode of home", True), ("Home postcode", True), ("Qualifying address", True),
     ("Email Address", False), ("E-mail address", False), ("Post", False), ("Office / Post", False),
     ("Surname", False)],
)
def test_home_address_columns_are_recognised_by_their_header(header, dropped):
    assert is_home_address(header) is dropped


@pytest.mark.parametrize(
    ("header", "target"),
    [("Surname", "surname"), ("Forenames", "forenames"), ("Electoral Area", "ward"), ("Ward", "ward"),
     ("Division", "ward"), ("Ward / Division", "ward"), ("Description", "party"), ("Party", "party"),
     ("Email", "email"), ("E-mail Address", "email"), ("Mobile", "mobile"), ("Telephone", "mobile"),
     ("Office", "office"), ("Post", "office"), ("Office / Post", "office"),
     ("Consent to share contact details with the police", "consent"), ("Agent", None), ("Line", None),
     ("Problems", None)],
)
def test_recognised_headers_are_matched_to_their_detail(header, target):
    assert guess_field(header) == target


@pytest.mark.parametrize("sample", ["sample-nominations.csv", "sample-nominations-export.csv"])
def test_the_sample_files_in_the_docs_read_as_the_readme_says(sample):
    content = (Path(__file__).resolve().parents[2] / "docs" / sample).read_bytes()
    result = parse(content, LIMIT)
    assert len(result.rows) >= 5 and not result.errors
    if sample.endswith("export.csv"):
        assert [line for line, _ in result.row_errors] == [8]
        assert not any("Example Avenue" in str(row) for row in result.rows)
