"""An election office imports a real export in a browser: a title row, semicolons, extra columns and a home
address; it matches a column the app did not recognise, imports the good rows and downloads the rows to fix."""

import csv
import io

import pytest
import sqlalchemy as sa

from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_accessibility,
    screenshot,
    sign_in_through_form,
)
from webapp.extensions import db
from webapp.models import Force, Nominee

EXPORT = (
    "Statement of Persons Nominated - Bristol City Council - 6 May 2027\r\n"
    "\r\n"
    "Surname;Forenames;Description;Electoral Area;Home Address;Postcode;Email;Mobile;Telephone;Contest;Agent;Consent\r\n"
    "Shah;Priya;Green Party;Clifton;12 Acacia Avenue, Bristol;BS8 1AA;priya.shah@example.org;07911 123401;;"
    "Borough Councillor;Sam Agent;Yes\r\n"
    "O’Brien;Zoë;Labour Party;Cotham;3 Laburnum Road;BS6 6BB;zoe@example.org;;0117 496 0000;County Councillor;;No\r\n"
    "Bloggs;=Jo;Independent;Redland;9 Secret Lane;BS1 9ZZ;jo.bloggs-at-example.org;07911 123403;;"
    "Borough Councillor;;Yes\r\n"
)
VIEWPORTS = {"360": {"width": 360, "height": 800}, "1280": {"width": 1280, "height": 900}}


def look(page, name):
    check_accessibility(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, name)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_an_office_imports_a_real_export_maps_a_column_and_downloads_the_rows_to_fix(
        page, live_server, make_user, tmp_path, size):
    page.set_viewport_size(VIEWPORTS[size])
    office = make_user("election_office", council="Bristol City Council", name="Robin Electoral Services")
    office.force_id = db.session.scalar(sa.select(Force.id).where(Force.code == "avon-and-somerset"))
    db.session.commit()
    sign_in_through_form(page, office.email)
    page.goto("/office")
    export = tmp_path / "SOPN export.csv"
    export.write_text(EXPORT, encoding="utf-8-sig")
    page.get_by_label("CSV file of nominated candidates").set_input_files(str(export))
    page.get_by_role("button", name="Upload and match columns").click()

    # The columns page: recognised ones matched, the home address left out, "Contest" not recognised.
    page.get_by_role("heading", level=1, name="Match the columns").wait_for()
    assert "“Home Address”, “Postcode”" in page.locator("#address-note").inner_text()
    assert "Acacia" not in page.content()
    assert page.get_by_label("Electoral Area").input_value() == "ward"
    assert page.get_by_label("Contest", exact=True).input_value() == ""
    look(page, f"office-import-columns-{size}")
    page.get_by_role("button", name="Check the rows").click()
    page.locator("#mapping-problems").wait_for()
    assert "the office" in page.locator("#mapping-problems").inner_text()
    look(page, f"office-import-columns-problem-{size}")
    page.get_by_label("Contest", exact=True).select_option("office")
    page.get_by_role("button", name="Check the rows").click()

    # The check: two good rows, one to fix (its email).
    page.get_by_role("heading", level=1, name="Check the import").wait_for()
    assert page.locator("#preview > li").count() == 2
    assert "not a valid email address" in page.locator("#line-6").inner_text()
    look(page, f"office-import-check-{size}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the rows to fix (CSV)").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["Line", "Surname", "Forenames"] and "Home Address" not in rows[0]
    assert rows[1][:3] == ["6", "Bloggs", "'=Jo"] and "not a valid email address" in rows[1][-1]

    page.get_by_role("button", name="Import 2 candidates").click()
    page.locator("#results").wait_for()
    assert "1 row was left out" in page.locator("#bad-rows").inner_text()
    look(page, f"office-import-done-{size}")
    db.session.expire_all()
    assert sorted(n.name for n in db.session.scalars(sa.select(Nominee))) == ["Priya Shah", "Zoë O’Brien"]
