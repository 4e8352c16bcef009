"""`?page=` is read by one helper: a page number from 1 to a ceiling, 1 for anything else, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.paging import page_arg


def page_of(app, text, **limit):
    with app.test_request_context(query_string={"page": text}):
        return page_arg(**limit)


@pytest.mark.parametrize(("text", "page"), [
    ("1", 1), ("2", 2), ("10000", 10_000), ("0007", 7),
    ("0", 1), ("10001", 1), ("-3", 1), ("2.5", 1), ("", 1), (" 2", 1), ("two", 1),
    ("²", 1), ("9" * 5000, 1),  # isdigit() says yes to both, int() refused them with a 500 before
])
def test_a_page_argument_is_a_number_in_range_or_the_first_page(app, text, page):
    assert page_of(app, text) == page


def test_a_missing_page_argument_is_the_first_page(app):
    with app.test_request_context("/"):
        assert page_arg() == 1


def test_each_list_sets_its_own_ceiling(app):
    assert page_of(app, "99999", maximum=99_999) == 99_999
    assert page_of(app, "100000", maximum=99_999) == 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(exclude_categories=("Cs",))))  # what a URL can carry
def test_any_page_argument_at_all_gives_a_page_from_1_to_the_ceiling(app, text):
    assert 1 <= page_of(app, text) <= 10_000


@pytest.mark.parametrize("url", ["/activities?page=²", "/feoa/?page=²", "/feoa/incidents?page=²",
                                 "/feoa/activities?page=²", "/admin/audit?page=²"])
def test_a_page_argument_int_cannot_read_is_not_a_server_error(client, login_as, url):
    login_as({"/activities": "candidate", "/admin/audit": "admin"}.get(url.split("?")[0], "feoa"))
    assert client.get(url).status_code == 200
