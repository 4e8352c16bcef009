"""Every route with an id or a token in its URL goes through its resource's access module.

Walking the app's URL map, each such route is requested as an identity the access matrix allows, and the ids and
token in its URL must have been checked by an access module (`webapp.access.mark_checked`) on the way: a new route
that fetches an object by id with a bare `db.session.get` fails here, whoever may see it.
"""

import pytest
import sqlalchemy as sa
from flask import request, request_finished

from tests.hardening.matrix import MATRIX, TOKEN_ROUTES, guarded_rules, url_for_rule
from tests.hardening.world import build_world
from webapp.access import checked_url_args
from webapp.extensions import db
from webapp.models import Activity, TeamInvitation

# Who holds each token route's link (the signed-out visitor unless the route needs an account).
TOKEN_HOLDERS = {"/invitations/<token>/accept": "invitee", "/your-data/download/<token>": "owner"}
# Where an allowed identity needs more than an empty form to be let through.
ANSWERS = {("POST", "/activities/<int:activity_id>/attendance"): ("member", {"answer": "going"})}  # owners don't answer


def guarded_args(rule) -> set[str]:
    return {name for name in rule.arguments if name.endswith("_id") or name == "token"}


def record_checked_args(app) -> dict:
    """The URL arguments each request's access modules checked, by (method, rule), as the request finishes."""
    seen = {}

    def remember(sender, response, **extra):
        if request.url_rule is not None:
            seen[(request.method, request.url_rule.rule)] = (response.status_code, checked_url_args())

    request_finished.connect(remember, app, weak=False)
    return seen


def succeeded(status: int) -> bool:
    """Access was granted: a page, a redirect onward, a file, or a form shown again with its errors."""
    return status < 400 or status == 422


def identities_for(method: str, rule: str) -> list[str]:
    if (method, rule) in ANSWERS:
        return [ANSWERS[(method, rule)][0]]
    if (method, rule) in MATRIX:
        return sorted(MATRIX[(method, rule)])
    return [TOKEN_HOLDERS.get(rule, "anonymous")]


def client_for(app, world, make_user, sign_in, identity: str):
    """A client signed in as the identity; "invitee" is a new account at the address the team invited."""
    if identity != "invitee":
        return world.client_for(app, sign_in, identity)
    invitation = db.session.get(TeamInvitation, world.ids["invitation_id"])
    client = app.test_client()
    sign_in(make_user("team_member", email=invitation.email), on=client)
    return client


def data_export_token(app, world) -> str:
    """A genuine one-time download link of the owner's data, as the jobs process emails it."""
    from webapp.models.outbox import Message
    from webapp.privacy import export

    export.request_export(world.users["owner"])
    db.session.commit()
    export.run()
    message = db.session.scalars(sa.select(Message).where(Message.kind == "data-export")).one()
    return message.values["link"].rsplit("/", 1)[-1]


def unchecked_args(app, make_user, sign_in, method: str, rule: str, identities: list[str]) -> dict:
    """{identity: (status, URL arguments no access module checked)} for each identity that may use the route
    and did not get in, or got in without its ids checked. An allowed post may change or delete the object:
    each identity posts to a world of its own."""
    url_rule = next(r for r in app.url_map.iter_rules() if r.rule == rule and method in r.methods)
    seen = record_checked_args(app)
    found = {}
    world = None
    for identity in identities:
        if world is None or method != "GET":
            world = build_world(app, make_user, sign_in)
        token = data_export_token(app, world) if rule.startswith("/your-data/") else world.token_for(rule)
        url = url_for_rule(rule, world.ids_for(rule), token)
        data = ANSWERS.get((method, rule), (None, {}))[1]
        client_for(app, world, make_user, sign_in, identity).open(url, method=method, data=data)
        status, checked = seen.pop((method, rule))
        missing = guarded_args(url_rule) - checked
        if not succeeded(status) or missing:
            found[identity] = (status, sorted(missing))
    return found


@pytest.mark.parametrize(("method", "rule"), sorted(set(MATRIX) | TOKEN_ROUTES))
def test_each_id_and_token_in_the_url_is_checked_by_its_access_module(app, make_user, sign_in, method, rule):
    assert unchecked_args(app, make_user, sign_in, method, rule, identities_for(method, rule)) == {}


def test_the_walk_covers_every_route_with_an_id_or_token(app):
    assert guarded_rules(app) <= set(MATRIX) | TOKEN_ROUTES


def test_a_route_that_fetches_by_id_without_its_access_module_fails_the_walk(app, make_user, sign_in):
    rule = "/activities/<int:activity_id>/peek"

    @app.get(rule, endpoint="peek")
    def peek(activity_id: int):
        activity = db.get_or_404(Activity, activity_id)  # anyone's plan, by id: no access module asked
        return activity.kind

    assert unchecked_args(app, make_user, sign_in, "GET", rule, ["owner"]) == {"owner": (200, ["activity_id"])}
