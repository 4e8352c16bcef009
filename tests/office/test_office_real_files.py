"""Real exports from election management systems and spreadsheets: upload → match columns → check → confirm."""

import csv
import io
import logging

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.office.conftest import choose_columns
from webapp.extensions import db
from webapp.models import AuditEntry, NominationImport, Nominee

TITLE = "Statement of Persons Nominated – Bristol City Council – Thursday 6 May 2027"
EMS_HEADER = ["Surname", "Forenames", "Description", "Electoral Area", "Home Address", "Postcode", "Email",
              "Mobile", "Telephone", "Office", "Agent", "Consent"]
EMS_ROWS = [
    ["Shah", "Priya", "Green Party", "Clifton", "12 Acacia Avenue, Bristol", "BS8 1AA", "priya.shah@example.org",
     "07911 123401", "0117 496 0000", "Borough Councillor", "Sam Agent", "Yes"],
    ["O’Brien", "Zoë", "Labour Party", "Cotham", "3 Laburnum Road, Bristol", "BS6 6BB", "zoe@example.org",
     "", "07911 123402", "County Councillor", "", "No"],
]
HOME_VALUES = ["Acacia Avenue", "BS8 1AA", "Laburnum Road", "BS6 6BB"]


def export(rows=EMS_ROWS, header=EMS_HEADER, delimiter=";", titles=(TITLE, "")) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for title in titles:
        writer.writerow([title] if title else [])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def nominees():
    return {n.email: n for n in db.session.scalars(sa.select(Nominee))}


SHAPES = {
    "semicolons under a title row": export().encode("utf-8"),
    "tabs": export(delimiter="\t", titles=()).encode("utf-8"),
    "commas under two title rows": export(delimiter=",", titles=(TITLE, "Printed 8 April 2027", "")).encode("utf-8"),
    "UTF-8 with a BOM": export().encode("utf-8-sig"),
    "a UTF-8 BOM then Windows-1252": b"\xef\xbb\xbf" + export(titles=()).replace("–", "-").encode("cp1252"),
    "plain Windows-1252": export().encode("cp1252"),
}


@pytest.mark.both_databases
@pytest.mark.parametrize("content", SHAPES.values(), ids=SHAPES.keys())
def test_a_real_shaped_export_imports_with_its_columns_matched(client, sign_in, office, import_csv, content):
    sign_in(office)
    done = import_csv(client, content)
    assert done.status_code == 200 and "2 new" in page(done).text
    found = nominees()
    priya, zoe = found["priya.shah@example.org"], found["zoe@example.org"]
    assert (priya.name, priya.party, priya.ward, priya.office, priya.mobile, priya.consent) == (
        "Priya Shah", "Green Party", "Clifton", "councillor", "+447911123401", True)
    # Mobile is preferred to Telephone; Telephone is ignored, so Zoë has no mobile (her telephone is not used).
    assert (zoe.name, zoe.ward, zoe.mobile, zoe.consent) == ("Zoë O’Brien", "Cotham", None, False)


def every_stored_value() -> str:
    """Every value in every table, as text."""
    texts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            texts.append(" ".join(str(value) for value in row))
    return "\n".join(texts)


@pytest.mark.both_databases
def test_home_addresses_reach_no_table_no_page_and_no_log(client, sign_in, office, upload_csv, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(office)
    rows = [*EMS_ROWS, ["Bad", "Row", "", "Hotwells", "9 Secret Lane", "BS1 9ZZ", "not-an-email", "", "", "Mayor",
                        "", "Yes"]]
    uploaded = upload_csv(client, export(rows))
    columns_page = client.get(uploaded.headers["Location"])
    note = page(columns_page).select_one("#address-note").text
    assert "“Home Address”, “Postcode”" in note and "never stores" in note
    staged = choose_columns(client, uploaded.headers["Location"])
    preview = client.get(staged.headers["Location"])
    download = client.get(staged.headers["Location"] + "/rows-to-fix.csv")
    stored_while_staged = every_stored_value()
    client.post(staged.headers["Location"] + "/confirm")
    confirmed = client.get(staged.headers["Location"])
    for value in [*HOME_VALUES, "Secret Lane", "BS1 9ZZ"]:
        assert value not in stored_while_staged and value not in every_stored_value()
        for response in (columns_page, preview, download, confirmed):
            assert value not in response.get_data(as_text=True)
        assert value not in caplog.text
    assert "Home Address" not in download.get_data(as_text=True)


def test_the_columns_page_shows_each_column_with_its_match_and_lists_the_ignored(client, sign_in, office, upload_csv):
    sign_in(office)
    columns = page(client.get(upload_csv(client, export()).headers["Location"]))
    chosen = {s.find_previous("label").text: s.select_one("option[selected]")["value"]
              for s in columns.select("#columns-form select[name^=column-]")}
    assert chosen == {"Surname": "surname", "Forenames": "forenames", "Description": "party",
                      "Electoral Area": "ward", "Email": "email", "Mobile": "mobile", "Telephone": "",
                      "Office": "office", "Agent": "", "Consent": "consent"}
    assert columns.select_one("#ignored-columns").text == "Ignored (not imported): “Telephone”, “Agent”."
    assert "For example: Shah, O’Brien" in columns.select_one("#column-0-hint").text
    assert len(columns.select("h1")) == 1 and all(columns.select(f"label[for={s['id']}]")
                                                  for s in columns.select("select"))


def test_the_office_can_match_a_column_it_was_not_offered(client, sign_in, office, upload_csv):
    header = ["Candidate", "Email", "Seat sought", "Ward", "Consent"]
    rows = [["Priya Shah", "priya@example.org", "Councillor", "Clifton", "yes"]]
    sign_in(office)
    url = upload_csv(client, export(rows, header, ",", ())).headers["Location"]
    refused = choose_columns(client, url)
    assert refused.status_code == 422
    assert "the office (or choose one office" in page(refused).select_one("#mapping-problems").text
    staged = choose_columns(client, url, {"column-2": "office"})
    assert staged.status_code == 303
    client.post(staged.headers["Location"] + "/confirm")
    assert nominees()["priya@example.org"].office == "councillor"


def test_one_office_for_every_row_serves_a_file_without_an_office_column(client, sign_in, office, upload_csv):
    header = ["Name", "Email", "Ward", "Consent"]
    sign_in(office)
    url = upload_csv(client, export([["Priya Shah", "priya@example.org", "Clifton", "yes"]], header, ",", ())
                     ).headers["Location"]
    staged = choose_columns(client, url, {"default_office": "councillor"})
    client.post(staged.headers["Location"] + "/confirm")
    assert nominees()["priya@example.org"].office == "councillor"


def test_choosing_one_detail_for_two_columns_is_refused_beside_the_second(client, sign_in, office, upload_csv):
    sign_in(office)
    url = upload_csv(client, export()).headers["Location"]
    refused = choose_columns(client, url, {"column-8": "mobile"})
    assert refused.status_code == 422
    form = page(refused)
    assert "Mobile number is already chosen for “Mobile”" in form.select_one("#column-8-field .error-message").text
    assert form.select_one("#column-8 option[selected]")["value"] == "mobile"  # the choice is kept
    assert db.session.scalar(sa.select(NominationImport.status)) == "mapping"


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("title", "office", "parish"),
    [
        ("Borough Councillor", "councillor", False),
        ("County Councillor", "councillor", False),
        ("District Councillor", "councillor", False),
        ("City Councillor", "councillor", False),
        ("Parish Councillor", "councillor", True),
        ("Town Councillor", "councillor", True),
        ("Mayor", "mayor", False),
        ("Combined Authority Mayor", "mayor", False),
        ("Police and Crime Commissioner", "pcc", False),
        ("Police, Fire and Crime Commissioner", "pcc", False),
        ("PCC", "pcc", False),
    ],
)
def test_office_titles_from_real_exports_are_understood(client, sign_in, make_office, stage_csv, title, office,
                                                       parish):
    sign_in(make_office())
    staged = stage_csv(client, export([[*EMS_ROWS[0][:9], title, "", "Yes"]]))
    rows = db.session.scalar(sa.select(NominationImport.rows))
    assert [(r["office"], r["parish"]) for r in rows] == [(office, parish)]
    client.post(staged.headers["Location"] + "/confirm")
    assert nominees()["priya.shah@example.org"].office == office


def test_parish_and_town_candidates_are_imported_with_a_note_that_the_police_scheme_does_not_cover_them(
        client, sign_in, office, stage_csv):
    rows = [EMS_ROWS[0], [*EMS_ROWS[1][:9], "Town Councillor", "", "Yes"]]
    sign_in(office)
    preview = page(client.get(stage_csv(client, export(rows)).headers["Location"]))
    note = " ".join(preview.select_one("#parish-note").text.split())
    assert "1 row is for a parish or town council" in note and "not parish or town councils" in note
    assert [t.text for t in preview.select("#preview .tag-warn")] == ["Consented, not handed over"]
    assert "Not covered by Operation Ford" in preview.select_one("#preview .not-handed-over").text


@pytest.mark.both_databases
def test_a_consenting_town_council_candidate_is_imported_but_not_handed_over_to_the_feoa(
        client, sign_in, office, import_csv):
    rows = [EMS_ROWS[0], [*EMS_ROWS[1][:6], "zoe@example.org", "", "", "Town Councillor", "", "Yes"]]
    sign_in(office)
    done = page(import_csv(client, export(rows)))
    assert "1 handed over" in done.text
    zoe = nominees()["zoe@example.org"]
    assert zoe.consent and not zoe.is_handed_over and zoe.user_id is None
    assert "Not covered by Operation Ford" in done.select_one("#results").text
    shown = page(client.get(f"/office/candidates/{zoe.id}")).select_one("#sharing-status").text
    assert "Not covered by Operation Ford" in shown


BAD_ROWS = [
    EMS_ROWS[0],
    ["=HYPERLINK(\"http://evil.example\")", "@Ann", "-Party", "Hotwells", "", "", "ann@example.org", "12345", "", "Councillor", "",
     "yes"],
    ["+Bob", "Bob", "Independent", "Lawrence Hill", "", "", "bob@example.org", "", "", "Councillor", "", "yes"],
    ["Short", "Row"],
]


@pytest.mark.both_databases
def test_good_rows_import_and_the_bad_rows_download_with_their_problems(client, sign_in, office, stage_csv):
    sign_in(office)
    staged = stage_csv(client, export(BAD_ROWS))
    url = staged.headers["Location"]
    preview = page(client.get(url))
    assert [li.strong.text for li in preview.select("#preview > li")] == ["Priya Shah", "Bob +Bob"]
    assert preview.select_one("button.button-ok").text == "Import 2 candidates"
    download = client.get(url + "/rows-to-fix.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.headers["Cache-Control"] == "no-store"
    lines = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert lines[0] == ["Line", *[h for h in EMS_HEADER if h not in ("Home Address", "Postcode")], "Problems"]
    assert lines[1][:4] == ["5", "'=HYPERLINK(\"http://evil.example\")", "'@Ann", "'-Party"]
    assert "mobile “12345”" in lines[1][-1]
    assert lines[2][0] == "7" and lines[2][1:-1] == [""] * 10 and "has 2 values but the header has 12" in lines[2][-1]
    done = page(client.post(url + "/confirm", follow_redirects=True))
    assert "2 new" in done.text and "2 rows were left out" in done.select_one("#bad-rows").text
    assert client.get(url + "/rows-to-fix.csv").status_code == 200  # still there after confirming
    bob = nominees()["bob@example.org"]
    assert bob.name == "Bob +Bob"  # kept as typed
    listing = page(client.get(f"/office/candidates/{bob.id}"))
    assert "Bob +Bob" in listing.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "nominations.rows_to_fix_download")) == 2


def test_a_formula_like_name_is_imported_as_typed_and_shown_as_text(client, sign_in, office, import_csv):
    rows = [["=1+1", "<b>Priya</b>", "", "Clifton", "", "", "priya@example.org", "", "", "Councillor", "", "yes"]]
    sign_in(office)
    import_csv(client, export(rows))
    nominee = nominees()["priya@example.org"]
    assert nominee.name == "<b>Priya</b> =1+1"
    shown = page(client.get(f"/office/candidates/{nominee.id}"))
    assert shown.find("b") is None and "<b>Priya</b> =1+1" in shown.text


def test_a_file_with_only_bad_rows_offers_the_download_and_no_import(client, sign_in, office, stage_csv):
    sign_in(office)
    url = stage_csv(client, export([BAD_ROWS[3]])).headers["Location"]
    preview = page(client.get(url))
    assert preview.select_one("#no-good-rows") and preview.select_one("button.button-ok") is None
    refused = client.post(url + "/confirm", follow_redirects=True)
    assert "No row of this file can be imported" in page(refused).text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Nominee)) == 0


def test_the_rows_to_fix_of_another_office_are_not_found(client, sign_in, office, make_office, stage_csv):
    sign_in(office)
    url = stage_csv(client, export(BAD_ROWS)).headers["Location"]
    sign_in(make_office(council="North Somerset Council", email="ns@example.org"))
    assert client.get(url + "/rows-to-fix.csv").status_code == 404
    assert client.get(url.replace("/office/imports/", "/office/imports/") + "/columns").status_code == 404


HOSTILE = {
    "empty": (b"", "The file is empty"),
    "only a BOM": (b"\xef\xbb\xbf", "The file is empty"),
    "binary": (bytes(range(256)) * 20, "not a CSV file"),
    "a spreadsheet": (b"PK\x03\x04" + b"\x00" * 200, "not a CSV file"),
    "only a header": (";".join(EMS_HEADER).encode() + b"\r\n", "header row but no candidates"),
    "a huge line": (b"name,email,office,ward,consent\nAnn," + b"a" * 200_000 + b",mayor,,yes\n",
                    "a value is far too long"),
    "not text": (b"\x81\x8d\x8f\x90\x9d" * 10, "not text we can read"),
}


@pytest.mark.parametrize("content", [c for c, _ in HOSTILE.values()], ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_with_a_reason_and_never_a_server_error(client, sign_in, office, upload_csv, content):
    message = next(m for c, m in HOSTILE.values() if c == content)
    sign_in(office)
    response = upload_csv(client, content)
    assert response.status_code == 422
    assert message in page(response).select_one("#import-problems").text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NominationImport)) == 0


def test_the_office_can_go_back_and_change_the_columns_before_confirming(client, sign_in, office, stage_csv):
    sign_in(office)
    url = stage_csv(client, export()).headers["Location"]
    preview = page(client.get(url))
    columns_url = preview.find("a", string="Change the columns")["href"]
    staged = choose_columns(client, columns_url, {"column-2": ""})  # Description: not the party after all
    assert staged.status_code == 303
    client.post(url + "/confirm")
    assert {n.party for n in nominees().values()} == {""}


def test_a_quote_left_open_makes_a_row_to_fix_not_a_server_error(client, sign_in, office, stage_csv):
    sign_in(office)
    content = "name,email,office,ward,consent\nBob,bob@example.org,mayor,,yes\n\"Ann,a@example.org,mayor,,yes\n"
    preview = page(client.get(stage_csv(client, content + "x" * 20_000).headers["Location"]))
    assert [li.strong.text for li in preview.select("#preview > li")] == ["Bob"]
    assert "has 1 values but the header has 5" in preview.select_one("#line-3").text


def test_an_upload_left_half_done_is_offered_again_on_the_office_page(client, sign_in, office, upload_csv):
    sign_in(office)
    assert page(client.get("/office")).select_one("#pending-import") is None
    columns_url = upload_csv(client, export(), name="sopn.csv").headers["Location"]
    waiting = page(client.get("/office")).select_one("#pending-import")
    assert "sopn.csv is uploaded but not imported yet" in " ".join(waiting.text.split())
    assert client.get(waiting.a["href"], follow_redirects=True).request.path == columns_url
