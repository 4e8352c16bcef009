"""One helper renders a form: its page, or its fragment when htmx targets it; 422 when it has errors."""

from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from webapp.auth.forms import ForgotPasswordForm, SignInForm
from webapp.htmx import render_form

LOGIN = ("auth/login.html", "auth/partials/_login_form.html", "login-form")


def rendered(app, form_class, data=None, headers=None, *args, **kwargs):
    with app.test_request_context("/", headers=headers or {}):
        form = form_class(formdata=MultiDict(data) if data is not None else None, meta={"csrf": False})
        if data is not None:
            form.validate()
        body, status = render_form(*args, form=form, **kwargs)
        return BeautifulSoup(body, "html.parser"), status


def test_a_form_without_errors_is_a_200(app):
    page, status = rendered(app, SignInForm, None, None, *LOGIN)
    assert status == 200
    assert page.select_one("h1") is not None  # the whole page


def test_a_form_with_errors_is_a_422_with_the_errors_beside_the_fields(app):
    page, status = rendered(app, SignInForm, {"email": "not an address"}, None, *LOGIN)
    assert status == 422
    assert page.select_one("#login-form .error-summary") is not None
    assert page.select_one("#email")["value"] == "not an address"


def test_htmx_aiming_at_the_form_gets_the_fragment_alone(app):
    headers = {"HX-Request": "true", "HX-Target": "login-form"}
    fragment, status = rendered(app, SignInForm, {"email": "x"}, headers, *LOGIN)
    assert status == 422
    assert fragment.select_one("h1") is None
    assert fragment.find().get("id") == "login-form"


def test_a_boosted_navigation_gets_the_whole_page(app):
    headers = {"HX-Request": "true", "HX-Target": "login-form", "HX-Boosted": "true"}
    page, _ = rendered(app, SignInForm, None, headers, *LOGIN)
    assert page.select_one("h1") is not None


def test_a_form_page_without_a_fragment_is_rendered_whole_even_for_htmx(app):
    headers = {"HX-Request": "true", "HX-Target": "anything"}
    page, status = rendered(app, ForgotPasswordForm, {"email": ""}, headers, "auth/forgot_password.html")
    assert status == 422
    assert page.select_one("h1") is not None


def test_a_given_status_stands_when_the_trouble_is_not_on_the_form(app):
    with app.test_request_context("/"):
        _, status = render_form("auth/forgot_password.html", form=ForgotPasswordForm(meta={"csrf": False}), status=422)
    assert status == 422
