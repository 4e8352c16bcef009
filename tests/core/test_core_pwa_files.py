import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from webapp.core.pwa import static_version

STATIC = Path(__file__).resolve().parents[2] / "static"


def fetch(client, url):
    """GET a file and close the response (files are streamed; an open one is a ResourceWarning)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def test_the_manifest_makes_the_app_installable(client):
    response = fetch(client, "/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "CampaignSafe" and manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")
    purposes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable"), ("any", "any")} <= purposes


def test_every_icon_in_the_manifest_exists_at_its_stated_size(client):
    manifest = json.loads(fetch(client, "/manifest.webmanifest").data)
    for icon in manifest["icons"]:
        response = fetch(client, icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.mimetype == icon["type"]
        if icon["type"] == "image/png":
            width, height = (int(n) for n in icon["sizes"].split("x"))
            with Image.open(STATIC / icon["src"].removeprefix("/static/")) as image:
                assert image.size == (width, height)


def test_the_service_worker_is_served_from_the_root_uncached_with_a_versioned_cache(client, app):
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    source = response.get_data(as_text=True)
    assert f'const VERSION = "{static_version(app.static_folder)}";' in source
    assert "__STATIC_VERSION__" not in source


def test_the_service_worker_precaches_only_files_that_exist_and_no_personal_pages(client):
    source = client.get("/service-worker.js").get_data(as_text=True)
    listed = source.split("const PRECACHE = [", 1)[1].split("];", 1)[0]
    assert 'const OFFLINE_URL = "/offline";' in source and "OFFLINE_URL," in listed
    precache = ["/offline", *re.findall(r'"([^"]+)"', listed)]
    assert "/static/css/app.css" in precache and "/static/vendor/htmx-2.0.11.min.js" in precache
    for url in precache:
        assert fetch(client, url).status_code == 200, url
    assert all(url in ("/offline", "/manifest.webmanifest") or url.startswith("/static/") for url in precache)


def test_the_static_version_changes_when_a_static_file_does(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "app.css").write_text("body { color: black; }")
    before = static_version(str(tmp_path))
    static_version.cache_clear()
    (tmp_path / "app.css").write_text("body { color: navy; }")
    assert static_version(str(tmp_path)) != before
    static_version.cache_clear()


def test_the_offline_page_shows_the_emergency_numbers_and_the_checklist(client):
    html = BeautifulSoup(client.get("/offline").data, "html.parser")
    assert [h1.get_text(strip=True) for h1 in html.select("h1")] == ["You are offline"]
    assert {"tel:999", "tel:101"} <= {a["href"] for a in html.select("a[href^='tel:']")}
    assert "Operation Ford" in html.get_text()
    assert len(html.select("#checklist-heading + ul > li")) >= 5


def test_the_offline_page_holds_nothing_about_whoever_is_signed_in(client, login_as):
    login_as("candidate", name="Asha Patel", email="asha@example.org")
    text = client.get("/offline").get_data(as_text=True)
    assert "Asha Patel" not in text and "asha@example.org" not in text
    assert "csrf" not in text.lower() and "Sign out" not in text


def test_pages_link_the_manifest_and_icons(client):
    html = BeautifulSoup(client.get("/").data, "html.parser")
    assert html.select_one("link[rel=manifest]")["href"] == "/manifest.webmanifest"
    assert fetch(client, html.select_one("link[rel=apple-touch-icon]")["href"]).status_code == 200
