"""gunicorn server hooks that profile each worker with cProfile (no change to the app):
`gunicorn --config bench/gunicorn_profile.py …` with PROFILE_DIR set; each worker writes
PROFILE_DIR/worker-<pid>.prof when it exits. The clock is the worker's CPU time (on a shared machine,
wall time mostly measures the neighbours); waits on PostgreSQL count only their own CPU. cProfile slows
a worker, so profiled runs are not timed runs.
"""

import cProfile
import os
import time

_profiler = cProfile.Profile(time.process_time)


def post_fork(server, worker):
    _profiler.enable()


def worker_exit(server, worker):
    _profiler.disable()
    _profiler.dump_stats(os.path.join(os.environ["PROFILE_DIR"], f"worker-{os.getpid()}.prof"))
