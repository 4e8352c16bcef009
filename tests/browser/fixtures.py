"""Browser fixtures for any test (registered in tests/conftest.py): Debian's chromium driven by
Playwright against a live server. One Playwright and one chromium serve the whole session: a test
that starts its own `sync_playwright()` would clash with them, so use `browser` or `page` instead.

The live server runs for the whole session on a loopback port, but it serves whichever app the
current test's `app` fixture built (same migrated SQLite file, same clock, same overrides). So a
browser test can `make_user(...)`, move the `clock` or set `app_overrides` exactly like a
test-client test, and the tables are emptied after it in the usual way.
"""

import os
import shutil
import threading

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Response

from tests.browser.helpers import sign_in_through_form

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
VIEWPORT = {"width": 390, "height": 844}


class _Switchboard:
    """A WSGI app that forwards to the app of the test running now (503 between tests)."""

    def __init__(self):
        self.app = None

    def __call__(self, environ, start_response):
        app = self.app
        if app is None:
            return Response("No test is running.", status=503)(environ, start_response)
        return app(environ, start_response)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the access log would drown the test output
        pass


class LiveServer:
    def __init__(self):
        self.switchboard = _Switchboard()
        self._server = make_server("127.0.0.1", 0, self.switchboard, threaded=True,
                                   request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def _live_server():
    server = LiveServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_server(_live_server, app):
    """The base URL of a server answering with this test's `app`."""
    _live_server.switchboard.app = app
    yield _live_server.url
    _live_server.switchboard.app = None


@pytest.fixture(scope="session")
def _playwright():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh browser profile per test (cookies, storage and service workers start empty)."""
    context = browser.new_context(
        base_url=live_server, viewport=VIEWPORT, service_workers="allow", locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A phone-sized page (390×844) whose relative URLs go to the live server."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return page


@pytest.fixture
def signed_in_page(page, make_user):
    """`signed_in_page(role)`: a new user of that role, signed in through the form on `page`."""

    def sign_in(role="candidate", **fields):
        user = make_user(role, **fields)
        sign_in_through_form(page, user.email)
        return user

    return sign_in
