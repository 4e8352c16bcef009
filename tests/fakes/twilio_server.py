"""A fake Twilio REST API on 127.0.0.1, in a thread, for the real `twilio` client to talk to.

It checks Basic auth, the path /2010-04-01/Accounts/<sid>/Messages.json and the form fields,
records every request, and answers as told: 201 with a sid (the default), 400 with a Twilio
error code (21211, 21610, 21614, 21408…), 429 (with a Retry-After if scripted as ("429", seconds)),
500, "drop" (takes the message, then closes the connection without answering, as a reset or a
dead load balancer would), or it hangs until the client gives up. `drop_randomly(0.05)` and
`fail_randomly(0.05)` make a share of all requests drop or answer 500 (benchmarks).

Also answers GET Messages.json?To=…&From=…&PageSize=… like the real API: newest first, and a
message still "queued" has no date_sent, so a DateSent> filter leaves it out (`mark_sent()` moves
every accepted message on to "sent" with a date_sent).
"""

import base64
import json
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "fake-twilio-auth-token"
FROM_NUMBER = "+447700900000"

ERROR_MESSAGES = {
    21211: "The 'To' number is not a valid phone number.",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number.",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    20429: "Too Many Requests",
}


@dataclass
class TwilioRequest:
    method: str
    path: str
    form: dict
    authorised: bool
    answered: int | None = None
    sid: str | None = None


@dataclass
class _State:
    requests: list = field(default_factory=list)
    accepted: list = field(default_factory=list)  # the messages answered 201, in order
    lookups: list = field(default_factory=list)  # the query of every GET Messages.json
    script: list = field(default_factory=list)  # answers for the next requests, then "ok"
    delay: float = 0.0
    hang_seconds: float = 30.0
    drop_rate: float = 0.0
    fail_rate: float = 0.0
    rng: random.Random = field(default_factory=lambda: random.Random(13))


class FakeTwilio:
    """Start with `FakeTwilio().start()`; aim the app at it with `settings`."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._lock = threading.Condition()
        self._release = threading.Event()
        self._state = _State()
        self._server: ThreadingHTTPServer | None = None

    # -- control ------------------------------------------------------------------------------
    def start(self) -> "FakeTwilio":
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        threading.Thread(target=self._server.serve_forever, name="fake-twilio", daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def reset(self) -> None:
        """Forget requests and scripted answers; release anything hanging."""
        self._release.set()
        with self._lock:
            self._state = _State()
        self._release = threading.Event()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def settings(self) -> dict:
        """App settings that send SMS through this fake (merge into app_overrides)."""
        return {
            "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_API_BASE_URL": self.url,
            "TWILIO_TIMEOUT": 1.0,
        }

    def answer_next(self, *answers) -> None:
        """Script the next answers: "ok", 429, 500, "hang", or a Twilio error code such as 21211."""
        with self._lock:
            self._state.script.extend(answers)

    def drop_randomly(self, rate: float) -> None:
        """Take this share of messages and then close the connection without an answer."""
        self._state.drop_rate = rate

    def fail_randomly(self, rate: float) -> None:
        """Answer this share of messages 500 (without taking them)."""
        self._state.fail_rate = rate

    def mark_sent(self) -> None:
        """Every accepted message moves from "queued" to "sent", with a date_sent."""
        now = datetime.now(UTC)
        with self._lock:
            for message in self._state.accepted:
                message.setdefault("date_sent", now)

    def answer_slowly(self, seconds: float) -> None:
        """Wait this long before every answer (the benchmark's 50 ms)."""
        self._state.delay = seconds

    # -- what happened --------------------------------------------------------------------------
    @property
    def requests(self) -> list[TwilioRequest]:
        with self._lock:
            return list(self._state.requests)

    @property
    def sent(self) -> list[dict]:
        """The form of every message answered 201 (each one a text that would reach a phone)."""
        with self._lock:
            return list(self._state.accepted)

    @property
    def lookups(self) -> list[dict]:
        """The query of every message-list request (the deliverer looking before it resends)."""
        with self._lock:
            return list(self._state.lookups)

    def wait_until_sent(self, count: int, timeout: float = 30.0) -> bool:
        """Block until `count` messages were accepted (for watching another process work)."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self._state.accepted) >= count, timeout)

    def duplicates(self) -> dict:
        """(To, Body) pairs accepted more than once."""
        counts = Counter((m["To"], m["Body"]) for m in self.sent)
        return {key: n for key, n in counts.items() if n > 1}

    # -- used by the handler --------------------------------------------------------------------
    def _next_answer(self):
        with self._lock:
            if self._state.script:
                return self._state.script.pop(0)
            roll = self._state.rng.random() if (self._state.drop_rate or self._state.fail_rate) else 1.0
            if roll < self._state.drop_rate:
                return "drop"
            if roll < self._state.drop_rate + self._state.fail_rate:
                return 500
            return "ok"

    def _record(self, request: TwilioRequest) -> None:
        with self._lock:
            self._state.requests.append(request)

    def _accept(self, form: dict) -> str:
        sid = "SM" + uuid.uuid4().hex
        with self._lock:
            self._state.accepted.append({**form, "sid": sid, "date_created": datetime.now(UTC)})
            self._lock.notify_all()
        return sid


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many sending threads connect at once (the default backlog is 5)

    def handle_error(self, request, client_address) -> None:
        pass  # a client that went away (timed out, or killed on purpose) is not our problem


class _Handler(BaseHTTPRequestHandler):
    fake: FakeTwilio
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go as separate writes: no 40 ms delayed-ACK stall

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return user == self.fake.account_sid and password == self.fake.auth_token

    def _reply(self, status: int, payload: dict, headers: dict | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: int, message: str, headers: dict | None = None) -> None:
        self._reply(status, {"code": code, "message": message, "status": status,
                             "more_info": f"https://www.twilio.com/docs/errors/{code}"}, headers)

    def _messages_path(self, path: str) -> bool:
        return path == f"/2010-04-01/Accounts/{self.fake.account_sid}/Messages.json"

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        if not self._authorised():
            return self._error(401, 20003, "Authenticate")
        if not self._messages_path(url.path):
            return self._error(404, 20404, "The requested resource was not found")
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        with self.fake._lock:
            self.fake._state.lookups.append(query)
        found = [m for m in reversed(self.fake.sent)  # newest first, as Twilio lists them
                 if m["To"] == query.get("To", m["To"]) and m.get("From") == query.get("From", m.get("From"))]
        if "DateSent>" in query:  # a queued message has no date_sent, so it is not listed
            since = _parse_date(query["DateSent>"])
            found = [m for m in found if m.get("date_sent") and m["date_sent"] >= since]
        page_size = min(1000, int(query.get("PageSize", 50)))
        self._reply(200, {"messages": [_resource(m["sid"], m, self.fake.account_sid) for m in found[:page_size]],
                          "next_page_uri": None, "page": 0, "page_size": page_size, "uri": url.path})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()}
        request = TwilioRequest("POST", self.path, form, self._authorised())
        self.fake._record(request)
        if not request.authorised:
            request.answered = 401
            return self._error(401, 20003, "Authenticate")
        if not self._messages_path(urlparse(self.path).path):
            request.answered = 404
            return self._error(404, 20404, "The requested resource was not found")
        if not form.get("To"):
            request.answered = 400
            return self._error(400, 21604, "A 'To' phone number is required.")
        if not form.get("Body"):
            request.answered = 400
            return self._error(400, 21602, "Message body is required.")
        if not (form.get("From") or form.get("MessagingServiceSid")):
            request.answered = 400
            return self._error(400, 21603, "A 'From' phone number is required.")
        answer = self.fake._next_answer()
        if self.fake._state.delay:
            # The fake provider's own answer time (slow-provider tests, benchmarks): the server
            # thread waits like a real API would; no test waits on a timer.
            time.sleep(self.fake._state.delay)
        if answer == "hang":
            self.fake._release.wait(self.fake._state.hang_seconds)
            request.answered = 0
            self.close_connection = True
            return
        if answer == "drop":  # Twilio takes it; the answer never arrives
            request.sid = self.fake._accept(form)
            request.answered = 0
            self.close_connection = True
            return
        if answer == 429 or (isinstance(answer, tuple) and answer[0] == 429):
            request.answered = 429
            return self._error(429, 20429, ERROR_MESSAGES[20429],
                               headers={"Retry-After": str(answer[1])} if isinstance(answer, tuple) else None)
        if answer == 500:
            request.answered = 500
            return self._error(500, 20500, "Internal Server Error")
        if isinstance(answer, int):
            request.answered = 400
            return self._error(400, answer, ERROR_MESSAGES.get(answer, "Bad request"))
        request.sid = self.fake._accept(form)
        request.answered = 201
        self._reply(201, _resource(request.sid, form, self.fake.account_sid))


def _parse_date(value: str) -> datetime:
    """DateSent> takes YYYY-MM-DD (the twilio client sends an ISO date or date-time)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = parsedate_to_datetime(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _resource(sid: str, form: dict, account_sid: str) -> dict:
    created = format_datetime(form.get("date_created") or datetime.now(UTC), usegmt=True)
    sent = form.get("date_sent")
    return {
        "sid": sid, "account_sid": account_sid,
        "to": form.get("To"), "from": form.get("From"), "body": form.get("Body"),
        "messaging_service_sid": form.get("MessagingServiceSid"), "status": "sent" if sent else "queued",
        "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
        "date_created": created, "date_updated": created,
        "date_sent": format_datetime(sent, usegmt=True) if sent else None,
        "price": None, "error_code": None, "error_message": None,
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }
