"""/healthz/jobs for uptime monitors and /metrics for Prometheus. /healthz itself is in core."""

import hmac

from flask import Blueprint, Response, current_app, jsonify, request
from prometheus_client.exposition import choose_encoder

from webapp.clock import utcnow
from webapp.monitoring import metrics
from webapp.monitoring.health import jobs_problems

bp = Blueprint("monitoring", __name__)

LOOPBACK = {"127.0.0.1", "::1"}


@bp.get("/healthz/jobs")
def healthz_jobs():
    problems = jobs_problems(utcnow())
    if problems:
        return jsonify(status="unavailable", problems=[p.as_json() for p in problems]), 503
    return jsonify(status="ok", problems=[])


def _may_scrape() -> bool:
    """With METRICS_TOKEN set: `Authorization: Bearer <token>`. Without one: loopback only."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    return request.remote_addr in LOOPBACK


@bp.get("/metrics")
def prometheus_metrics():
    if not _may_scrape():
        response = jsonify(error="Metrics need the bearer token (METRICS_TOKEN), or a request from this machine")
        response.status_code = 401 if current_app.config.get("METRICS_TOKEN") else 403
        if response.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))  # text format, or OpenMetrics
    return Response(encode(metrics.registry()), content_type=content_type)
