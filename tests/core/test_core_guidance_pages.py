import re

import pytest
from bs4 import BeautifulSoup

from webapp.core.guidance import GUIDANCE_PAGES, GUIDANCE_SUMMARIES

UK_PHONE = re.compile(r"^tel:(999|101|0\d{9,10})$")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("slug", GUIDANCE_PAGES)
def test_every_guidance_page_has_one_heading_its_title_and_dialable_numbers(client, slug):
    html = page(client, f"/safety/{slug}")
    assert [h1.get_text(strip=True) for h1 in html.select("h1")] == [GUIDANCE_PAGES[slug]]
    numbers = [a["href"] for a in html.select("main a[href^='tel:']")]
    assert numbers and all(UK_PHONE.match(n) for n in numbers), numbers
    ids = [tag["id"] for tag in html.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.mark.parametrize("slug", GUIDANCE_PAGES)
def test_no_guidance_page_calls_logging_or_the_feoa_a_report_to_the_police(client, slug):
    text = " ".join(page(client, f"/safety/{slug}").select_one("main").get_text(" ").split()).lower()
    assert "monitored" not in text or "not a monitored" in text
    for claim in ("your report has been sent", "we will tell the police", "the police will be alerted"):
        assert claim not in text


def test_the_guidance_is_readable_without_an_account(client):
    html = page(client, "/safety")
    links = {a["href"] for a in html.select("main ul.list a")}
    assert links == {f"/safety/{slug}" for slug in GUIDANCE_PAGES}


def test_where_to_report_gives_every_route_with_its_number(client):
    html = page(client, "/safety/where-to-report")
    main = html.select_one("main")
    hrefs = {a["href"] for a in main.select("a")}
    assert {"tel:999", "tel:101", "tel:08005551111", "tel:03001232040", "mailto:report@phishing.gov.uk", "sms:7726"} <= hrefs
    text = " ".join(main.get_text(" ").split())
    for words in ("Operation Ford", "police.uk", "single point of contact", "Crimestoppers", "Action Fraud",
                  "platform's own reporting tools"):
        assert words in text


def test_safer_canvassing_lists_the_seven_principles_and_the_warning_signs(client):
    main = page(client, "/safety/safer-canvassing").select_one("main")
    assert len(main.select("ol > li")) == 7
    text = " ".join(main.get_text(" ").split())
    for sign in ("threats of violence", "fixated", "personal information"):
        assert sign in text


def test_the_feoa_page_says_an_feoa_is_not_a_way_to_report_a_crime(client):
    text = " ".join(page(client, "/safety/what-is-an-feoa").select_one("main").get_text(" ").split())
    assert "Not a way to report a crime." in text
    assert "Operation Ford" in text and "Operation Bridger" in text


@pytest.mark.parametrize("slug", ["unknown", "safer_canvassing", "..%2Fhome", "x" * 300])
def test_an_unknown_guidance_page_is_not_found(client, slug):
    assert client.get(f"/safety/{slug}").status_code == 404


def test_every_guidance_page_has_a_summary_on_the_index():
    assert GUIDANCE_SUMMARIES.keys() == GUIDANCE_PAGES.keys()
