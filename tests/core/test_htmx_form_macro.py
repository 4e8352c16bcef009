"""One macro opens every htmx form: the same attributes each form had written out by hand."""

from pathlib import Path

from bs4 import BeautifulSoup

TEMPLATES = Path(__file__).parents[2] / "templates"


def opening(app, call: str, **context) -> dict:
    source = '{% from "components/forms.html" import htmx_form %}{% call ' + call + ' %}<input name="x">{% endcall %}'
    html = app.jinja_env.from_string(source).render(**context)
    form = BeautifulSoup(html, "html.parser").form
    assert form.select_one("input[name=x]") is not None  # the body goes inside the form
    return form.attrs


def test_a_form_posts_to_its_action_and_htmx_swaps_the_answer_over_it(app):
    assert opening(app, 'htmx_form("/pin", id="pin-form")') == {
        "id": "pin-form", "method": "post", "action": "/pin", "hx-post": "/pin", "hx-target": "#pin-form",
        "hx-swap": "outerHTML", "hx-sync": "this:drop", "novalidate": ""}


def test_a_form_can_swap_another_element_and_keep_browser_checks(app):
    assert opening(app, 'htmx_form("/reveal", target="#contact-details", novalidate=False)') == {
        "method": "post", "action": "/reveal", "hx-post": "/reveal", "hx-target": "#contact-details",
        "hx-swap": "outerHTML", "hx-sync": "this:drop"}


def test_a_form_with_files_is_multipart_for_the_browser_and_for_htmx(app):
    attributes = opening(app, 'htmx_form("/files", id="evidence-form", multipart=True)')
    assert attributes["enctype"] == attributes["hx-encoding"] == "multipart/form-data"


def test_other_attributes_are_named_with_underscores_for_hyphens(app):
    attributes = opening(app, 'htmx_form("/in", id="check-in-form", class_="js-with-location", '
                              'data_confirm=question, data_share_location="true")', question='Sure? <b>"yes"</b>')
    assert attributes["class"] == ["js-with-location"]
    assert attributes["data-confirm"] == 'Sure? <b>"yes"</b>'  # escaped in the HTML, read back whole
    assert attributes["data-share-location"] == "true"


def test_every_htmx_form_that_posts_opens_with_the_macro():
    written_out = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")
                   if "hx-post" in path.read_text() and path.name != "forms.html"]
    assert written_out == []


def test_an_htmx_post_carries_the_csrf_token_as_a_header_from_the_page(client):
    page = BeautifulSoup(client.get("/sign-in").get_data(as_text=True), "html.parser")
    form = page.select_one("#login-form")
    holder = form.find_parent(attrs={"hx-headers": True})
    assert holder is not None and "X-CSRFToken" in holder["hx-headers"]
