"""A graceful stop of the jobs process: one flag that long-running jobs check.

The jobs process sets it on SIGTERM/SIGINT (jobs.shutdown); delivery then stops claiming,
lets the sends already on the wire finish, and hands back the rows it had not started
(webapp.notify.delivery). What each stopped job left behind is tallied for the "stopped" log line.
"""

import threading
from collections import Counter

_requested = threading.Event()
_tally: Counter = Counter()
_lock = threading.Lock()


def request_stop() -> None:
    _requested.set()


def stop_requested() -> bool:
    return _requested.is_set()


def note(**counts: int) -> None:
    """Add to what the stop left behind (e.g. released=12, finished=3)."""
    with _lock:
        _tally.update({key: value for key, value in counts.items() if value})


def tally() -> dict:
    with _lock:
        return dict(_tally)


def reset() -> None:
    """Forget a stop (tests that run the deliverer in-process again afterwards)."""
    _requested.clear()
    with _lock:
        _tally.clear()
