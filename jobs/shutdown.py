"""Stopping the jobs process gracefully on SIGTERM (a deploy, systemd) or SIGINT (Ctrl-C).

The first signal asks every job to stop (webapp.stopping): delivery claims nothing more, lets the
sends on the wire finish (at most one send timeout) and hands back the rows it had not started, so
another jobs process takes them at once instead of waiting out their lease. The scheduler then
waits for the running jobs and the process logs "jobs process stopped" with what the stop left.
A second signal stops at once (rows still leased are claimed again when their lease runs out).
"""

import logging
import signal

from webapp import stopping

log = logging.getLogger("campaignsafe.jobs")


class StopRequested(SystemExit):
    """Raised in the main thread by the first SIGTERM/SIGINT, to leave the scheduler's loop."""


def install_stop_handlers() -> None:
    def on_signal(signum, frame):
        if stopping.stop_requested():
            raise SystemExit(1)  # asked twice: go now
        stopping.request_stop()
        log.info("jobs process stopping (%s): no new work, finishing sends on the wire",
                 signal.Signals(signum).name)
        raise StopRequested(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)


def stop(scheduler) -> str:
    """After the scheduler's loop has ended: let the running jobs finish, and say what happened."""
    stopping.request_stop()
    if scheduler.running:
        scheduler.shutdown(wait=True)
    counts = stopping.tally()
    summary = (f"jobs process stopped: {counts.get('sent', 0)} sent by the delivery run it ended, "
               f"{counts.get('released', 0)} handed back for another process, "
               f"{counts.get('abandoned', 0)} left to their lease")
    log.info(summary)
    return summary
