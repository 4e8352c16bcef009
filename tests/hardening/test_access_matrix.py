"""The access matrix, driven: each (route, identity) pair gets 200-ish or 404/403 exactly as the matrix says."""

import pytest

from tests.hardening.matrix import MATRIX, TOKEN_ROUTES, guarded_rules, url_for_rule
from tests.hardening.world import IDENTITIES, build_world

REFUSED = {403, 404}


def test_every_route_with_an_id_or_token_in_its_url_is_in_the_access_matrix(app):
    missing = guarded_rules(app) - set(MATRIX) - TOKEN_ROUTES
    assert not missing, f"add these routes to tests/hardening/matrix.py, saying who may use them: {sorted(missing)}"


def test_the_matrix_lists_no_route_that_no_longer_exists(app):
    assert (set(MATRIX) | TOKEN_ROUTES) <= guarded_rules(app)


def _request(client, method, url):
    return client.open(url, method=method, data={})


def _signed_out_refused(response) -> bool:
    return response.status_code in REFUSED or (
        response.status_code == 302 and "/sign-in" in response.headers.get("Location", ""))


@pytest.mark.parametrize(("method", "rule"), sorted(MATRIX))
def test_only_the_identities_the_matrix_names_reach_the_route(app, make_user, sign_in, method, rule):
    allowed = MATRIX[(method, rule)]
    world = build_world(app, make_user, sign_in)
    url = url_for_rule(rule, world.ids_for(rule))
    wrong = {}
    for identity in IDENTITIES:
        if identity in allowed:
            continue
        response = _request(world.client_for(app, sign_in, identity), method, url)
        refused = _signed_out_refused(response) if identity == "anonymous" else response.status_code in REFUSED
        if not refused:
            wrong[identity] = response.status_code
    for turn, identity in enumerate(sorted(allowed)):
        # An allowed post may change or delete the object: each further allowed identity posts to a world of its
        # own (the refused requests above changed nothing, so the first one can use this world).
        fresh = world if method == "GET" or turn == 0 else build_world(app, make_user, sign_in)
        response = _request(fresh.client_for(app, sign_in, identity), method, url_for_rule(rule, fresh.ids_for(rule)))
        if response.status_code in REFUSED or response.status_code >= 500 or _signed_out_refused(response):
            wrong[identity] = response.status_code
    assert wrong == {}, f"{method} {rule}: identities the matrix gets wrong (status seen): {wrong}"


@pytest.mark.parametrize(("method", "rule"), sorted(TOKEN_ROUTES))
def test_a_forged_token_opens_nothing_for_anyone(app, make_user, sign_in, method, rule):
    world = build_world(app, make_user, sign_in)
    seen = {}
    for identity in IDENTITIES:
        for token in ("forged", "eyJuIjoxfQ.forged.signature", "x" * 600):
            response = _request(world.client_for(app, sign_in, identity), method, url_for_rule(rule, world.ids_for(rule), token))
            if not (response.status_code in {400, 403, 404, 410} or _signed_out_refused(response)):
                seen[(identity, token[:12])] = response.status_code
    assert seen == {}


@pytest.mark.parametrize(("method", "rule"), sorted(r for r in TOKEN_ROUTES if r[0] == "GET"))
def test_the_genuine_token_opens_its_page(app, make_user, sign_in, method, rule):
    world = build_world(app, make_user, sign_in)
    response = _request(world.client_for(app, sign_in, "anonymous"), method,
                        url_for_rule(rule, world.ids_for(rule), world.token_for(rule)))
    assert response.status_code < 400, f"{rule} with a genuine token → {response.status_code}"
