"""The service watching itself: job runs, /healthz/jobs and /metrics."""
