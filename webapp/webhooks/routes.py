"""Twilio's webhooks: delivery receipts and inbound texts. Signed, CSRF-exempt, quick to answer."""

import logging
import re
from functools import wraps

from flask import Blueprint, Response, current_app, jsonify, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from webapp.extensions import csrf, db
from webapp.notify.inbound import handle_inbound
from webapp.notify.receipts import apply_receipt
from webapp.webhooks.replays import first_time

log = logging.getLogger(__name__)  # message sids and outcomes only: never a number or a text
bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
csrf.exempt(bp)

MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
KNOWN_STATUSES = {"queued", "accepted", "scheduled", "sending", "sent", "delivered", "read",
                  "undelivered", "failed", "canceled", "receiving", "received", "partially_delivered"}
MAX_BODY = 1600


def signed_url() -> str:
    """The URL Twilio signed: our public address, not whatever the proxy handed us."""
    query = request.query_string.decode()
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + request.path + (f"?{query}" if query else "")


def twilio_signed(view):
    @wraps(view)
    def checked(*args, **kwargs):
        token = current_app.config.get("TWILIO_AUTH_TOKEN")
        signature = request.headers.get("X-Twilio-Signature", "")
        if not token or not signature or not RequestValidator(token).validate(signed_url(), request.form, signature):
            return jsonify(error="Signature missing or wrong"), 403
        return view(*args, **kwargs)

    return checked


def bad_request(detail: str):
    return jsonify(error="Something in that request was not right", detail=detail), 400


@bp.post("/twilio/status")
@twilio_signed
def twilio_status():
    sid = request.form.get("MessageSid", "")
    status = request.form.get("MessageStatus", "").lower()
    error_code = request.form.get("ErrorCode", "").strip() or None
    if not MESSAGE_SID.match(sid):
        return bad_request("MessageSid is missing or not a message sid")
    if status not in KNOWN_STATUSES:
        return bad_request("MessageStatus is missing or unknown")
    if error_code is not None and not (error_code.isdigit() and len(error_code) <= 10):
        return bad_request("ErrorCode must be a number")
    if not first_time(f"status:{sid}:{status}"):
        return jsonify(result="already processed"), 200
    outcome = apply_receipt(sid, status, error_code)
    db.session.commit()
    log.info("receipt %s: %s %s -> %s", sid, status, error_code or "", outcome)
    return jsonify(result=outcome), 200


@bp.post("/twilio/inbound")
@twilio_signed
def twilio_inbound():
    sid = request.form.get("MessageSid", "")
    from_number = request.form.get("From", "").strip()
    body = request.form.get("Body", "")
    if not MESSAGE_SID.match(sid):
        return bad_request("MessageSid is missing or not a message sid")
    if not E164.match(from_number):
        return bad_request("From must be a phone number in international format")
    if len(body) > MAX_BODY:
        return bad_request("Body is too long")
    twiml = MessagingResponse()
    if not first_time(f"inbound:{sid}"):
        return Response(str(twiml), mimetype="application/xml")  # a replay: no second check-in or reply
    reply = handle_inbound(from_number, body)
    db.session.commit()
    if reply:
        twiml.message(reply)
    return Response(str(twiml), mimetype="application/xml")
