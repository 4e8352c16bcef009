"""SMS through the real `twilio` client, aimed at TWILIO_API_BASE_URL (a regional edge or a test double)."""

import os
import threading
import urllib.request
from datetime import timedelta

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from webapp.notify.backends import ACCEPTED, OPTED_OUT, PERMANENT, RETRY, Outgoing, SendResult

TWILIO_ORIGIN = "https://api.twilio.com"
# Twilio error codes that will never succeed on a retry.
PERMANENT_CODES = {21211, 21408, 21614, 21612, 21606, 21602, 21617, 30003, 30005, 30006}
OPT_OUT_CODES = {21610}
MAX_VALIDITY_SECONDS = 36000  # Twilio's limit for ValidityPeriod


class BaseUrlHttpClient(TwilioHttpClient):
    """Rewrites Twilio's origin to our setting; everything else is the stock client."""

    def __init__(self, base_url: str, timeout: float):
        # Proxy and CA settings are read from the environment once here, not on every request
        # (requests scans the whole environment per call: a fifth of a send's CPU).
        super().__init__(timeout=timeout, proxy=urllib.request.getproxies() or None)
        self.session.trust_env = False
        self.session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if url.startswith(TWILIO_ORIGIN):
            url = self.base_url + url[len(TWILIO_ORIGIN):]
        return super().request(method, url, *args, **kwargs)


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
            return classify(error)
        except requests.Timeout as error:
            return SendResult(RETRY, error_code="timeout", detail=f"Twilio did not answer: {error}", ambiguous=True)
        except requests.RequestException as error:
            return SendResult(RETRY, error_code="network", detail=f"could not reach Twilio: {error}")
        return SendResult(ACCEPTED, provider_id=sent.sid)

    def find_sent(self, message: Outgoing) -> str | None:
        """After a lost answer or a crash: did Twilio take this exact text to this number already?"""
        candidates = self._client().messages.list(
            to=message.recipient, date_sent_after=message.now - timedelta(days=1), limit=100)
        for candidate in candidates:
            if candidate.body == message.body:
                return candidate.sid
        return None


def classify(error: TwilioRestException) -> SendResult:
    code = error.code
    detail = f"Twilio {error.status} {code}: {error.msg}"
    if code in OPT_OUT_CODES:
        return SendResult(OPTED_OUT, error_code=str(code), detail=detail)
    if error.status == 429 or error.status >= 500 or error.status in {401, 403}:
        return SendResult(RETRY, error_code=str(code or error.status), detail=detail)
    if code in PERMANENT_CODES or 400 <= error.status < 500:
        return SendResult(PERMANENT, error_code=str(code or error.status), detail=detail)
    return SendResult(RETRY, error_code=str(code or error.status), detail=detail)
