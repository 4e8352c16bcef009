"""Real threads for race tests: start together, and (optionally) all pause after a chosen SELECT.

`held_after(engine, "FROM reminder_note")` makes every thread wait, after running its first statement that
matches, until all the threads have run theirs (or a short timeout passes). That widens the gap between a
get and a create to the whole race, so a get-then-create loses every time, while an upsert (whose first
statement is the INSERT) is not held up beyond the timeout.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from sqlalchemy import event


def run_together(count: int, work):
    """Call work(i) for i in range(count) on `count` threads released at the same moment; their results."""
    start = threading.Barrier(count)

    def one(i):
        start.wait(timeout=10)
        return work(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@contextmanager
def held_after(engine, fragment: str, parties: int, timeout: float = 1.0):
    barrier = threading.Barrier(parties)
    seen = threading.local()

    def after(conn, cursor, statement, parameters, context, executemany):
        if fragment in statement and statement.lstrip().upper().startswith("SELECT") and not getattr(seen, "done", False):
            seen.done = True
            try:
                barrier.wait(timeout=timeout)
            except threading.BrokenBarrierError:
                pass

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield
    finally:
        event.remove(engine, "after_cursor_execute", after)
