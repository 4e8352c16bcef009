"""Logs that the jobs process is alive, so operators can see it in the log."""

import logging

from webapp.clock import utcnow

log = logging.getLogger("campaignsafe.jobs")


def run() -> str:
    message = f"jobs process alive at {utcnow():%Y-%m-%d %H:%M:%S} UTC"
    log.info(message)
    return message
