"""Two source trees side by side: this checkout (AFTER) and a detached checkout of a baseline ref (BEFORE).

Both run from the same venv: a process started with `run_in(root, ...)` or `harness.gunicorn(...,
root=root)` imports `webapp` from `root` (PYTHONPATH and the working directory come before the
editable install's finder), so each tree serves and builds its data with its own code.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import ROOT, bench_environment

# The last main before issue 15's refactor. BENCH_BASELINE or --baseline chooses another ref.
DEFAULT_BASELINE = "6f8e7fd"


def baseline_ref() -> str:
    return os.environ.get("BENCH_BASELINE", DEFAULT_BASELINE)


@contextlib.contextmanager
def checkout(ref: str):
    """A detached `git worktree` of `ref` in a temporary folder, removed afterwards; yields its path."""
    folder = Path(tempfile.mkdtemp(prefix="campaignsafe-before-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), ref], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def run_in(root: Path, code: str, env: dict[str, str] | None = None):
    """Run Python `code` with `root`'s packages and return the JSON value it prints on its last line."""
    environment = {**(env or bench_environment()), "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"in {root}: {code!r} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def webapp_folder(root: Path) -> str:
    """Where `webapp` is imported from for `root`: checks that a tree really runs its own code."""
    return run_in(root, "import json, os, webapp; print(json.dumps(os.path.dirname(webapp.__file__)))")
