"""Finding 3: `next` after sign-in could send people to another site (`/.//evil` became `//evil`)."""

import pytest

from webapp.security import safe_next_url

HOSTILE = [
    "/.//evil.example",
    "/./evil.example/..//evil.example",
    "/..//evil.example",
    "/a/../..//evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "/%252f%252fevil.example",
    "/.%2f/evil.example",
    "/%2e/%2fevil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "//evil.example/%2e%2e",
    "/\tevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n//evil.example",
    "/\x00/evil.example",
    "/\u202e/evil.example",
    "/\u200b/evil.example",
    " /evil.example",
    "",
    None,
    "/" + "a" * 3000,
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_next_address_that_could_leave_the_site_is_refused(target):
    result = safe_next_url(target)
    assert result is None or (result.startswith("/") and not result.startswith(("//", "/\\"))), result
    assert result is None, result


@pytest.mark.parametrize("target, kept", [
    ("/profile", "/profile"),
    ("/activities/12?tab=messages", "/activities/12?tab=messages"),
    ("/feoa/?page=2#list", "/feoa/?page=2#list"),
    ("/plans/./new", "/plans/new"),
    ("/plans/x/../new", "/plans/new"),
    ("/", "/"),
    ("/search?next=//evil.example", "/search?next=//evil.example"),
])
def test_a_next_path_on_this_site_is_kept_in_its_normalised_form(target, kept):
    assert safe_next_url(target) == kept


@pytest.mark.parametrize("hostile", ["%2F.%2F%2Fevil.example", "%2F%5Cevil.example", "%2F%252F%252Fevil.example"])
def test_signing_in_with_a_hostile_next_lands_on_this_site(client, make_user, hostile):
    user = make_user("candidate")
    response = client.post(f"/sign-in?next={hostile}", data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/") and not response.headers["Location"].startswith("//")
    assert "evil" not in response.headers["Location"]
