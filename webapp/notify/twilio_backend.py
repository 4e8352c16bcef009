"""SMS through the real `twilio` client, aimed at TWILIO_API_BASE_URL (a regional edge or a test double)."""

import logging
import os
import threading
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import requests
import urllib3.exceptions
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from webapp.notify.backends import ACCEPTED, OPTED_OUT, PERMANENT, RETRY, Outgoing, SendResult

TWILIO_ORIGIN = "https://api.twilio.com"
# Twilio error codes that will never succeed on a retry.
PERMANENT_CODES = {21211, 21408, 21614, 21612, 21606, 21602, 21617, 30003, 30005, 30006}
OPT_OUT_CODES = {21610}
MAX_VALIDITY_SECONDS = 36000  # Twilio's limit for ValidityPeriod
# The reconciling look-up (find_sent): the newest messages to the number, newest first. Enough for
# any one person's texts in a day; one page, one request.
LOOKUP_PAGE_SIZE = 50
LOOKUP_WINDOW = timedelta(days=1)

# twilio-python logs every request at INFO, and urllib3 every URL at DEBUG: recipients' numbers and
# query strings included (the look-up lists messages ?To=<number>). Neither belongs in our logs.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
logging.getLogger("urllib3.connectionpool").setLevel(logging.INFO)


class BaseUrlHttpClient(TwilioHttpClient):
    """Rewrites Twilio's origin to our setting; everything else is the stock client."""

    def __init__(self, base_url: str, timeout: float):
        # Proxy and CA settings are read from the environment once here, not on every request
        # (requests scans the whole environment per call: a fifth of a send's CPU).
        super().__init__(timeout=timeout, proxy=urllib.request.getproxies() or None)
        self.session.trust_env = False
        self.session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self.base_url = base_url.rstrip("/")
        self.last_retry_after: str | None = None  # the last answer's Retry-After header (one client per thread)

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_ORIGIN):
            url = self.base_url + url[len(TWILIO_ORIGIN):]
        self.last_retry_after = None
        response = super().request(method, url, *args, **kwargs)
        self.last_retry_after = response.headers.get("Retry-After") if response.headers else None
        return response


class TwilioBackend:
    def __init__(self, config: dict):
        self.account_sid = config["TWILIO_ACCOUNT_SID"]
        self.auth_token = config["TWILIO_AUTH_TOKEN"]
        self.from_number = config.get("TWILIO_FROM_NUMBER") or None
        self.service_sid = config.get("TWILIO_MESSAGING_SERVICE_SID") or None
        self.base_url = config.get("TWILIO_API_BASE_URL") or TWILIO_ORIGIN
        self.timeout = float(config.get("TWILIO_TIMEOUT", 10))
        self.status_callback = config["PUBLIC_BASE_URL"].rstrip("/") + "/webhooks/twilio/status"
        if not (self.account_sid and self.auth_token and (self.from_number or self.service_sid)):
            raise RuntimeError("SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                               "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        self._local = threading.local()  # one client (and HTTP session) per sending thread

    def _client(self) -> Client:
        if not hasattr(self._local, "client"):
            http = BaseUrlHttpClient(self.base_url, self.timeout)
            self._local.client = Client(self.account_sid, self.auth_token, http_client=http)
        return self._local.client

    def _sender(self) -> dict:
        return {"messaging_service_sid": self.service_sid} if self.service_sid else {"from_": self.from_number}

    def send(self, message: Outgoing) -> SendResult:
        extra = {}
        if message.expires_at is not None:
            seconds = int((message.expires_at - message.now).total_seconds())
            extra["validity_period"] = max(60, min(MAX_VALIDITY_SECONDS, seconds))
        try:
            sent = self._client().messages.create(
                to=message.recipient, body=message.body, status_callback=self.status_callback,
                **self._sender(), **extra)
        except TwilioRestException as error:
            return classify(error, retry_after_seconds(self._client().http_client.last_retry_after))
        except requests.RequestException as error:
            return classify_transport(error)
        return SendResult(ACCEPTED, provider_id=sent.sid)

    def find_sent(self, message: Outgoing) -> str | None:
        """After a lost answer or a crash: did Twilio take this exact text to this number already?

        Twilio's list filters are To, From and DateSent only, and a message still queued has no
        date_sent, so a DateSent filter would miss exactly the texts we are looking for. Instead:
        the newest LOOKUP_PAGE_SIZE messages to this number (Twilio lists newest first), matched on
        sender, body and date_created (Twilio's clock) within the last LOOKUP_WINDOW.
        """
        since = datetime.now(UTC) - LOOKUP_WINDOW
        sender = {"from_": self.from_number} if self.from_number and not self.service_sid else {}
        candidates = self._client().messages.list(
            to=message.recipient, page_size=LOOKUP_PAGE_SIZE, limit=LOOKUP_PAGE_SIZE, **sender)
        for candidate in candidates:
            created = candidate.date_created
            if candidate.body == message.body and (created is None or created >= since):
                return candidate.sid
        return None


def classify_transport(error: requests.RequestException) -> SendResult:
    """A failure below HTTP. Only a connection that was never made (refused, DNS, TLS handshake,
    connect timeout) proves Twilio never saw the request; after the request was written (a reset,
    a closed connection, a read timeout) Twilio may have taken it, so the next attempt looks first."""
    if _before_sending(error):
        return SendResult(RETRY, error_code="network", detail=f"could not reach Twilio: {type(error).__name__}")
    if isinstance(error, requests.Timeout):
        return SendResult(RETRY, error_code="timeout", detail="Twilio did not answer in time", ambiguous=True)
    return SendResult(RETRY, error_code="dropped", detail=f"the connection to Twilio failed after sending: "
                      f"{type(error).__name__}", ambiguous=True)


_NEVER_CONNECTED = (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError,
                    urllib3.exceptions.NameResolutionError, urllib3.exceptions.SSLError,
                    ConnectionRefusedError)


def _before_sending(error: BaseException) -> bool:
    if isinstance(error, (requests.ConnectTimeout, requests.exceptions.SSLError, requests.exceptions.InvalidURL)):
        return True
    seen, pending = set(), [error]
    while pending:  # requests wraps urllib3's MaxRetryError, which holds the real reason
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, _NEVER_CONNECTED):
            return True
        pending.extend([getattr(current, "reason", None), current.__cause__, current.__context__,
                        *[arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]])
    return False


def retry_after_seconds(header: str | None) -> float | None:
    """Retry-After as seconds from now: either delay-seconds or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def classify(error: TwilioRestException, retry_after: float | None = None) -> SendResult:
    code = error.code
    detail = f"Twilio {error.status} {code}: {error.msg}"
    if code in OPT_OUT_CODES:
        return SendResult(OPTED_OUT, error_code=str(code), detail=detail)
    if error.status >= 500:  # it answered, but may have taken the message before failing
        return SendResult(RETRY, error_code=str(code or error.status), detail=detail, ambiguous=True,
                          retry_after=retry_after)
    if error.status == 429 or error.status in {401, 403}:
        return SendResult(RETRY, error_code=str(code or error.status), detail=detail, retry_after=retry_after)
    if code in PERMANENT_CODES or 400 <= error.status < 500:
        return SendResult(PERMANENT, error_code=str(code or error.status), detail=detail)
    return SendResult(RETRY, error_code=str(code or error.status), detail=detail)
