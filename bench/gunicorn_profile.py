"""gunicorn server hooks that profile each worker with cProfile (no change to the app):
`gunicorn --config bench/gunicorn_profile.py …` with PROFILE_DIR set; each worker writes
PROFILE_DIR/worker-<pid>.prof when it exits. cProfile slows a worker, so profiled runs are not timed runs.
"""

import cProfile
import os

_profiler = cProfile.Profile()


def post_fork(server, worker):
    _profiler.enable()


def worker_exit(server, worker):
    _profiler.disable()
    _profiler.dump_stats(os.path.join(os.environ["PROFILE_DIR"], f"worker-{os.getpid()}.prof"))
