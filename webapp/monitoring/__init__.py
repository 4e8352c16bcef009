"""The service watching itself: job runs, /healthz/jobs and /metrics."""

from webapp.monitoring.routes import bp

__all__ = ["bp"]
