"""The open-loop generator: sends each scheduled request at its time, whatever happened to the others.

One asyncio loop (aiohttp, already in the venv through twilio) plays every phone. Latency runs from
the request's SCHEDULED time to the end of its answer, so a server that falls behind is charged for
the wait of every request scheduled meanwhile (no coordinated omission); `lag` is how late the
generator itself sent it, to tell a slow generator from a slow server. Each request opens its own
connection, as gunicorn's sync workers close every connection after one answer.

A phone keeps the cookie the server last gave it. Its "I'm safe" waits for the session page opened
just before it (the token comes from that page) and is charged from its own scheduled time. Its plan
page's message list asks again when the list's `hx-trigger` says (`next_poll`), timed from the page's
or the last poll's scheduled time, with the list's ETag as `If-None-Match`; a 304 keeps the list (and
its trigger) as it was, as htmx does.
"""

import asyncio
import re
import time
from dataclasses import dataclass

import aiohttp

from bench.saturday_data import USER_AGENT, PhoneAccount
from bench.saturday_schedule import (
    CHECK_IN,
    HOME_PAGE,
    PLAN_PAGE,
    POLL,
    SESSION_PAGE,
    Request,
    next_poll,
)
from webapp.reminders.polling import POLL_EVERY

TIMEOUT_S = 60
TOKEN = re.compile(rb'<form id="check-in-form".*?name="csrf_token" value="([^"]+)"', re.S)
MESSAGE_LIST = re.compile(rb'<section id="activity-messages"[^>]*>')
TRIGGER = re.compile(rb'hx-trigger="([^"]+)"')
ETAG = re.compile(rb'data-etag="([^"]+)"')
# What each answer must hold to count as served (a sign-in page or an error page is an error).
EXPECTED = {POLL: b'id="activity-messages"', PLAN_PAGE: b'id="activity-messages"',
            SESSION_PAGE: b'id="check-in-form"', HOME_PAGE: b"</html>", CHECK_IN: b"Checked in at"}


@dataclass
class Outcome:
    kind: str
    scheduled: float  # seconds after the step's start
    latency_ms: float  # scheduled time -> answer read
    lag_ms: float  # scheduled time -> sent
    error: str | None
    status: int | None = None


@dataclass
class PhoneState:
    account: PhoneAccount
    cookie: str
    loaded: bool = False  # the first page is a plain navigation; later ones are hx-boost's
    token: asyncio.Future | None = None  # the CSRF token of the session page opened last
    current_url: str = "/"
    etag: str | None = None  # the plan page's message list, as last shown


class Generator:
    def __init__(self, base_url: str, accounts: list[PhoneAccount]):
        self.base_url = base_url
        self.phones = [PhoneState(account, account.cookie) for account in accounts]
        self.outcomes: list[Outcome] = []

    async def run(self, requests: list[Request], start_unix: float) -> list[Outcome]:
        loop = asyncio.get_running_loop()
        start = loop.time() + (start_unix - time.time())
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
        running: set[asyncio.Task] = set()
        self._start, self._running = start, running
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar(),
                                         auto_decompress=False) as client:
            for request in requests:
                wait = start + request.at - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if request.kind == SESSION_PAGE:
                    self.phones[request.phone].token = loop.create_future()
                self._spawn(self._one(client, request, start))
            while running:  # the polls the answers asked for, down to the last
                await asyncio.gather(*list(running))
        return self.outcomes

    def _spawn(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _poll_at(self, client: aiohttp.ClientSession, request: Request) -> None:
        loop = asyncio.get_running_loop()
        wait = self._start + request.at - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        await self._one(client, request, self._start)

    def _follow_trigger(self, client: aiohttp.ClientSession, request: Request, body: bytes | None) -> None:
        """After the plan page or a poll: read the list's trigger and ETag (none on a 304: unchanged),
        and ask again when the trigger says, while the phone stays on the page."""
        phone = self.phones[request.phone]
        trigger = POLL_EVERY
        if body is not None:
            trigger, phone.etag = list_refresh(body)
        at = next_poll(trigger, request.at, request.until)
        if at is not None:
            self._spawn(self._poll_at(client, Request(at, request.phone, POLL, until=request.until)))

    def _call(self, phone: PhoneState, kind: str) -> tuple[str, str, dict, dict | None]:
        account = phone.account
        plan = f"/activities/{account.activity_id}"
        session = f"/sessions/{account.session_id}"
        headers = {"Cookie": phone.cookie, "User-Agent": USER_AGENT}
        if kind == POLL:
            headers.update({"HX-Request": "true", "HX-Target": "activity-messages", "HX-Trigger": "activity-messages",
                            "HX-Current-URL": self.base_url + plan})
            if phone.etag:
                headers["If-None-Match"] = f'"{phone.etag}"'
            return "GET", f"{plan}/messages", headers, None
        if kind == CHECK_IN:
            headers.update({"HX-Request": "true", "HX-Target": "session-status", "HX-Trigger": "check-in-form",
                            "HX-Current-URL": self.base_url + session})
            return "POST", f"{session}/check-in", headers, {}
        path = {PLAN_PAGE: plan, SESSION_PAGE: session, HOME_PAGE: "/"}[kind]
        if phone.loaded:  # a link followed under hx-boost: the whole page, asked for by htmx
            headers.update({"HX-Request": "true", "HX-Boosted": "true", "HX-Current-URL": self.base_url + phone.current_url})
        phone.loaded = True
        phone.current_url = path
        return "GET", path, headers, None

    async def _one(self, client: aiohttp.ClientSession, request: Request, start: float) -> None:
        loop = asyncio.get_running_loop()
        phone = self.phones[request.phone]
        method, path, headers, form = self._call(phone, request.kind)
        token_wait = phone.token if request.kind == SESSION_PAGE else None
        error = status = None
        sent = loop.time()
        try:
            if request.kind == CHECK_IN:
                token = await phone.token if phone.token is not None else None
                if token is None:
                    raise _Failed("no CSRF token: the session page before it failed")
                headers["X-CSRFToken"] = token
                form = {"csrf_token": token}
                sent = loop.time()
            async with client.request(method, self.base_url + path, headers=headers, data=form,
                                      allow_redirects=False) as response:
                body = await response.read()
                status = response.status
                if "session" in response.cookies:
                    phone.cookie = f"session={response.cookies['session'].value}"
                if status == 304 and request.kind == POLL:
                    self._follow_trigger(client, request, None)
                elif response.status != 200:
                    raise _Failed(f"HTTP {response.status}")
                elif EXPECTED[request.kind] not in body:
                    raise _Failed("answer without " + EXPECTED[request.kind].decode())
                elif request.kind in (PLAN_PAGE, POLL):
                    self._follow_trigger(client, request, body)
                if token_wait is not None:
                    found = TOKEN.search(body)
                    token_wait.set_result(found.group(1).decode() if found else None)
        except _Failed as failure:
            error = str(failure)
        except (TimeoutError, aiohttp.ClientError, OSError) as failure:
            error = type(failure).__name__
        finally:
            if token_wait is not None and not token_wait.done():
                token_wait.set_result(None)
        done = loop.time()
        scheduled = start + request.at
        self.outcomes.append(Outcome(request.kind, request.at, (done - scheduled) * 1000,
                                     (sent - scheduled) * 1000, error, status))


def list_refresh(body: bytes) -> tuple[str | None, str | None]:
    """The message list's `hx-trigger` and `data-etag` in a plan page or a poll's answer (None, None without them)."""
    section = MESSAGE_LIST.search(body)
    if section is None:
        return None, None
    trigger, etag = TRIGGER.search(section.group()), ETAG.search(section.group())
    return (trigger.group(1).decode() if trigger else None), (etag.group(1).decode() if etag else None)


class _Failed(Exception):
    pass


def play(base_url: str, accounts: list[PhoneAccount], requests: list[Request], start_unix: float) -> list[Outcome]:
    return asyncio.run(Generator(base_url, accounts).run(requests, start_unix))
