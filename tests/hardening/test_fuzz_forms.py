"""Property-based fuzzing of every form: each role posts hostile values to every POST route in app.url_map.

No response may be a server error, and nothing typed may come back as live markup. The routes come from the
URL map and the field names from every FlaskForm in the app (plus the few fields read from request.form by
hand), so a new form is fuzzed without anyone listing it. URL ids point at objects that exist for the role
(tests/hardening/world.py).

`make test` runs a bounded, repeatable number of examples; for a long run:
    FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/hardening/test_fuzz_forms.py
(FUZZ_EXAMPLES is per role; a long run draws new random examples each time.)
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

from tests.hardening.matrix import url_for_rule
from tests.hardening.world import build_world
from webapp.models.candidacy import OFFICES
from webapp.office import column_mapping

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
LONG_RUN = "FUZZ_EXAMPLES" in os.environ
ROLES = ("owner", "member", "feoa", "office", "admin", "anonymous")
MARK = "<fuzz-mark>"  # any unescaped echo of it in a response is a finding
HOSTILE = [
    "x" * 20000, "a\x00b", "\x00", "\ud800", "bad \udfff half", "\u202egnp.exe", "\u200f\u202b\u2066RTL",
    f"{MARK}<script>alert(1)</script>", f'"><{MARK[1:]}<img src=x onerror=alert(1)>', f"javascript:{MARK}",
    "' OR 1=1 --", "'; DROP TABLE \"user\"; --", "%' AND 1=0 UNION SELECT NULL--", "\\", "%00", "%",
    "2027-02-30", "2027-13-45T25:61", "0001-01-01T00:00", "9999-12-31T23:59", "2027-03-28T01:30",
    "2027-10-31T01:30", "01:30", "24:00", "-1", "0", "1e309", "NaN", "Infinity", "99999999999999999999999",
    "", " ", "\r\n\r\n", "\t", "😀" * 50, "+447911123456", "07911 123456", "a@b", "@", "True", "on", "[]", "{}",
]
NUMBERED = 8  # the world's import has 7 columns
# Values a route accepts, so random examples also get past the first check: the importer's column targets and
# offices, force ids, yes/no answers (the rest of each example stays hostile).
PLAUSIBLE = [*(target for target in column_mapping.TARGETS if target), *OFFICES, "1", "2", "3", "y", "yes", "no",
             "England", "Bristol City Council", "E06000023"]
# The sweep: one value of each kind in every field at once.
SWEEP = ["x" * 20000, "a\x00b", "bad \udfff half", f"{MARK}<script>alert(1)</script>", "2027-03-28T01:30",
         "'; DROP TABLE \"user\"; --"]
WRONG_TYPES = ("application/json", "text/plain", "application/xml", "multipart/form-data",
               "application/x-www-form-urlencoded; charset=utf-16")


def form_field_names() -> list[str]:
    """Every field of every FlaskForm in the app, and the fields routes read from request.form by hand."""
    names = {"csrf_token", "next"}
    pending = list(FlaskForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        names.update(name for name in dir(form) if isinstance(getattr(form, name, None), UnboundField))
    source = Path(__file__).resolve().parents[2] / "webapp"
    for path in source.rglob("*.py"):
        text = path.read_text()
        names.update(re.findall(r"request\.(?:form|values)\.get(?:list)?\(\"([\w-]+)\"", text))
        # Numbered fields read by hand (the importer's column-0, column-1…, ward-force-0…): the first few.
        for prefix in re.findall(r"request\.(?:form|values)\.get(?:list)?\(f\"([\w-]*)\{", text):
            names.update(f"{prefix}{n}" for n in range(NUMBERED))
    return sorted(names)


def test_the_fuzz_fills_the_fields_of_the_newest_forms():
    """Column matching, councils, set-password and ward forces are read by FlaskForm or by hand: all found."""
    names = set(form_field_names())
    assert {"column-0", "column-7", "default_office", "ward-force-0", "name", "gss_code", "nation", "force",
            "second_force", "password", "confirm"} <= names, sorted(names)


def post_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            routes.append((method, rule.rule))
    return sorted(routes)


def fill(rule: str, world) -> str:
    """The rule with the world's ids and a genuine token, so the form behind the link is fuzzed too."""
    if "<day>" in rule:
        rule = rule.replace("<day>", "2027-03-18")
    return url_for_rule(rule, world.ids_for(rule), token=world.token_for(rule))


def encode(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")  # lone surrogates travel as the bytes a hostile client sends


def body_for(fields: list[tuple[str, str]], content_type: str) -> tuple[bytes, str]:
    if content_type == "application/json":
        return json.dumps(dict(fields)).encode("utf-8", "surrogatepass"), content_type
    if content_type in ("text/plain", "application/xml"):
        return b"\n".join(encode(f"{k}={v}") for k, v in fields), content_type
    if content_type == "multipart/form-data":
        boundary = "fuzzboundary"
        parts = [b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; name=\"" + encode(k) + b"\"\r\n\r\n"
                 + encode(v) + b"\r\n" for k, v in fields]
        return b"".join(parts) + b"--" + boundary.encode() + b"--\r\n", f"{content_type}; boundary={boundary}"
    body = "&".join(f"{quote(k)}={quote(encode(v))}" for k, v in fields)
    return body.encode("ascii"), content_type


@pytest.fixture
def fuzz_world(app, make_user, sign_in):
    return build_world(app, make_user, sign_in)


def check(app, sign_in, world, role, method, rule, fields, content_type):
    client = world.client_for(app, sign_in, role)
    body, header = body_for(fields, content_type)
    response = client.open(fill(rule, world), method=method, data=body, headers={"Content-Type": header})
    text = response.get_data(as_text=True)
    assert response.status_code < 500, f"{method} {rule} as {role} ({content_type}) → {response.status_code}"
    assert MARK not in text, f"{method} {rule} as {role} echoed markup unescaped"


@pytest.mark.both_databases
@pytest.mark.parametrize("role", ROLES)
def test_no_form_gives_a_server_error_or_echoes_markup_for_any_input(app, sign_in, fuzz_world, role):
    names = form_field_names()
    routes = post_routes(app)
    value = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(PLAUSIBLE), st.text(max_size=300))
    fields = st.lists(st.tuples(st.sampled_from(names), value), min_size=0, max_size=25)
    content_type = st.one_of(st.just("application/x-www-form-urlencoded"), st.sampled_from(WRONG_TYPES))

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not LONG_RUN,
              suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(routes), fields=fields, content_type=content_type)
    def posting(route, fields, content_type):
        check(app, sign_in, fuzz_world, role, *route, fields, content_type)

    posting()


@pytest.mark.both_databases
@pytest.mark.parametrize("role", ROLES)
def test_every_form_survives_every_hostile_value_in_every_field(app, sign_in, fuzz_world, role):
    """Not random: each POST route once with every field set to each hostile value in turn (a quick sweep)."""
    names = form_field_names()
    for method, rule in post_routes(app):
        for value in SWEEP:
            check(app, sign_in, fuzz_world, role, method, rule, [(name, value) for name in names],
                  "application/x-www-form-urlencoded")


@pytest.mark.both_databases
def test_markup_in_an_uploaded_files_headers_and_cells_shows_as_text(app, sign_in, fuzz_world):
    client = fuzz_world.client_for(app, sign_in, "office")
    import_id = fuzz_world.ids["import_id"]
    for url in (f"/office/imports/{import_id}/columns", f"/office/imports/{import_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARK not in response.get_data(as_text=True), f"{url} shows the file's markup as markup"
