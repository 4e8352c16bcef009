"""Jinja filters and globals shared by every page."""

import json

from flask import Flask

from webapp.navigation import nav_links, static_url
from webapp.phones import format_for_display
from webapp.timeutil import format_london, to_london

# htmx settings: swap 422 form errors, keep no page snapshots in localStorage (personal data),
# no inline styles (CSP), never treat a history restore as a partial request, and keep the DOM on a 304.
HTMX_CONFIG = {
    "includeIndicatorStyles": False,
    "historyCacheSize": 0,
    "historyRestoreAsHxRequest": False,
    "refreshOnHistoryMiss": True,
    "selfRequestsOnly": True,
    "allowEval": False,
    "allowScriptTags": False,
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "304", "swap": False},  # a poll whose answer has not changed (static/js/app.js sends If-None-Match)
        {"code": "[23]..", "swap": True},
        {"code": "422", "swap": True, "error": False},
        {"code": "[45]..", "swap": True, "error": True},
    ],
}
HTMX_CONFIG_JSON = json.dumps(HTMX_CONFIG)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["london"] = format_london
    app.jinja_env.filters["london_time"] = lambda m: format_london(m, "%H:%M")
    app.jinja_env.filters["london_date"] = lambda m: format_london(m, "%a %-d %b")
    app.jinja_env.filters["london_input"] = lambda m: format_london(m, "%Y-%m-%dT%H:%M")
    app.jinja_env.filters["phone"] = format_for_display  # a stored +44 mobile as people write it: 07911 123456
    app.jinja_env.globals.update(to_london=to_london, static_url=static_url, nav_links=nav_links,
                                 htmx_config=HTMX_CONFIG_JSON)
