"""Templates receive data, never query: no function a template can call by name runs a query.

Every GET page of the URL map (ids from the hardening world, genuine tokens) is rendered as each kind of
user, while a listener on the engine looks at the Python stack of every statement. A statement issued from
inside one of our template globals, filters, tests or context-processor functions fails the test. Only our
own helpers (defined under `webapp`) count: Jinja's built-in filters may touch a relationship the route
passed, and the statement would then be the route's lazy load, not a helper's query. Walking the stack
rather than reading the helpers' source keeps the test true however a helper reaches the database.
"""

import sys

from flask import current_app
from sqlalchemy import event

from tests.hardening.world import build_world
from webapp.extensions import db

VIEWERS = ("anonymous", "owner", "member", "feoa", "office", "admin")


def _ours(value) -> bool:
    return callable(value) and getattr(value, "__module__", "").startswith("webapp") and hasattr(value, "__code__")


def template_helpers(app) -> dict:
    """Our functions a template can call by name: {code object: name}."""
    env = app.jinja_env
    named = {**env.globals, **{f"|{k}": v for k, v in env.filters.items()},
             **{f"is {k}": v for k, v in env.tests.items()}}
    with app.test_request_context():
        for processors in app.template_context_processors.values():
            for processor in processors:
                named.update(processor())
    return {value.__code__: name for name, value in named.items() if _ours(value)}


def _pages(app, world) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not all(name.endswith("_id") or name == "token" for name in rule.arguments):
            continue  # free-text arguments (a day, a slug): their pages share templates with the ones below
        ids = world.ids_for(rule.rule)
        values = {name: world.token_for(rule.rule) if name == "token" else ids[name] for name in rule.arguments}
        with app.test_request_context():
            urls.append(current_app.url_for(rule.endpoint, **values))
    return sorted(set(urls))


def test_no_template_helper_runs_a_query(app, make_user, sign_in):
    helpers = template_helpers(app)
    assert helpers, "the app registers template helpers of its own"
    world = build_world(app, make_user, sign_in)
    caught: dict[str, set[str]] = {}
    page = {"url": ""}

    def look(conn, cursor, statement, parameters, context, executemany):
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code in helpers:
                caught.setdefault(helpers[frame.f_code], set()).add(page["url"])
                return
            frame = frame.f_back

    engine = db.engine
    event.listen(engine, "before_cursor_execute", look)
    try:
        for viewer in VIEWERS:
            client = world.client_for(app, sign_in, viewer)
            for url in _pages(app, world):
                page["url"] = f"{viewer} {url}"
                client.get(url).close()  # file responses (the manifest, downloads) hold their file open
    finally:
        event.remove(engine, "before_cursor_execute", look)
    assert caught == {}, "template helpers that query (build the data in the route or a service instead)"
