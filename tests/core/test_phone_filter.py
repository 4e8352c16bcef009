"""One `phone` filter shows a stored mobile as people write it, on every page."""

import pytest


@pytest.mark.parametrize(("stored", "shown"), [("+447700900123", "07700 900123"), ("", ""), (None, "")])
def test_the_phone_filter_shows_a_mobile_as_people_write_it(app, stored, shown):
    assert app.jinja_env.from_string("{{ mobile|phone }}").render(mobile=stored) == shown


def test_the_old_names_for_the_phone_filter_are_gone(app):
    assert "uk_phone" not in app.jinja_env.filters
    assert "display_phone" not in app.jinja_env.globals
