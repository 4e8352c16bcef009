import io

from bs4 import BeautifulSoup

from tests.helpers import png_bytes


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_printable_page_has_the_details_timeline_and_evidence_list(client, sign_in, candidate, make_incident):
    incident = make_incident(candidate, person="Zoë Łukasiewicz", location="Market Street")
    sign_in(candidate)
    client.post(f"/incidents/{incident.id}/updates", data={"body": "Another post today."})
    client.post(f"/incidents/{incident.id}/evidence", data={"files": [(io.BytesIO(png_bytes()), "post.png")]},
                content_type="multipart/form-data")
    printed = page(client.get(f"/incidents/{incident.id}/print"))
    assert printed.select_one("h1").text == "Incident record: Online abuse"
    assert "Zoë Łukasiewicz" in printed.select_one("dl.summary").text
    assert "Another post today." in printed.select_one("ol.timeline").text
    assert printed.select_one("table td").text == "post.png"
    assert "not itself a report to the police" in printed.text
    assert printed.select_one("button[data-print]") and not printed.select("script:not([src])")


def test_the_pdf_downloads_with_any_alphabet_in_it(client, sign_in, candidate, make_incident):
    incident = make_incident(candidate, person="Zoë Łukasiewicz — «Ωmega» 李", description="Threats ✉ at 03:00")
    sign_in(candidate)
    response = client.get(f"/incidents/{incident.id}/export.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-") and response.data.rstrip().endswith(b"%%EOF")
    assert f'filename="incident-{incident.id}.pdf"' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]


def test_someone_else_cannot_export_it(client, sign_in, candidate, make_user, make_incident):
    incident = make_incident(candidate)
    sign_in(make_user("candidate"))
    assert client.get(f"/incidents/{incident.id}/export.pdf").status_code == 404
    assert client.get(f"/incidents/{incident.id}/print").status_code == 404
