"""What every benchmark needs: a gunicorn server on a free loopback port, wrk, and a signed-in cookie.

Servers run exactly as in production (gunicorn, 2 sync workers, APP_ENV=production) but on a
throwaway SQLite file chosen through DATABASE_URL. wrk is Debian's package, installed if missing.
"""

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CONNECTIONS = 32
DURATION_SECONDS = 10
THREADS = 2
BENCH_SECRET = "bench-only-secret-not-used-anywhere-else"
# What production refuses to start without (webapp.config.production_problems), for the bench only.
BENCH_SETTINGS = {"SECRET_KEY": BENCH_SECRET, "PUBLIC_BASE_URL": "https://bench.campaignsafe.invalid",
                  "TWO_FACTOR_KEYS": "YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0zMmJ5dGU=",
                  "DATA_CONTROLLER_NAME": "Bench", "DATA_CONTROLLER_CONTACT": "bench@campaignsafe.invalid"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_environment(database_url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "APP_ENV": "production", **BENCH_SETTINGS, "PYTHONPATH": str(ROOT)}
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int = 2, root: Path = ROOT):
    """Serve `app_spec` (e.g. "webapp:create_app()") with gunicorn from the source tree `root`
    (another checkout serves its own code from the same venv); yields (host, port)."""
    with gunicorn_process(app_spec, env, workers, root=root) as (_, port):
        yield "127.0.0.1", port


@contextlib.contextmanager
def gunicorn_process(app_spec: str, env: dict[str, str], workers: int = 2, extra_args: tuple[str, ...] = (),
                     root: Path = ROOT, threads: int = 1):
    """The same server, yielding (the gunicorn master's Popen, port): for benchmarks that watch its
    processes. `extra_args` go before the app (e.g. a `--config` file of server hooks); `threads` > 1
    serves with gthread workers of that many threads instead of sync workers."""
    port = free_port()
    worker_class = ("--worker-class", "gthread", "--threads", str(threads)) if threads > 1 else ("--worker-class", "sync")
    command = [GUNICORN, "--no-control-socket", "--workers", str(workers), *worker_class,
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *extra_args, app_spec]
    process = subprocess.Popen(command, cwd=root, env={**env, "PYTHONPATH": str(root)})
    try:
        _wait_until_listening(port, process)
        yield process, port
    finally:
        stop_process(process, timeout=15)


def stop_process(process: subprocess.Popen, timeout: float) -> None:
    """Ask the process to stop (SIGTERM: it finishes what it is doing), and kill it if it has not within `timeout`."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {timeout} s")


def ensure_wrk() -> str:
    """Debian's wrk, installed with apt-get when missing (the benchmark machine is ours to set up)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (apt-get install -y wrk)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True)
    return shutil.which("wrk") or "/usr/bin/wrk"


@dataclass
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int = 0  # wrk's connect/read/write errors and timeouts (a timed-out request has no latency)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(name: str, output: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _millis(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _millis(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Result(name, rps, p50, p99, int(bad.group(1)) if bad else 0,
                  sum(int(n) for n in errors.groups()) if errors else 0)


def run_wrk(name: str, url: str, headers: dict[str, str] | None = None,
            duration: int = DURATION_SECONDS, connections: int = CONNECTIONS) -> Result:
    command = [ensure_wrk(), "--latency", f"-t{THREADS}", f"-c{connections}", f"-d{duration}s"]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    # A short warm-up first, so imports, template compilation and connection pools are not measured.
    subprocess.run([*command[:4], "-d2s", *command[5:], url], check=True, capture_output=True, text=True)
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    return parse_wrk(name, output)


class _CsrfFinder(HTMLParser):
    token: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf_token":
            self.token = attributes.get("value")


def _cookie_from(response: http.client.HTTPResponse, name: str) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{name}="):
            return header.split(";", 1)[0]
    return None


def signed_in_cookie(host: str, port: int, email: str, password: str) -> str:
    """Sign in through the real form (CSRF included); returns a `Cookie:` header value."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", "/sign-in")
    response = connection.getresponse()
    finder = _CsrfFinder()
    finder.feed(response.read().decode())
    cookie = _cookie_from(response, "session")
    body = urlencode({"csrf_token": finder.token or "", "email": email, "password": password})
    connection.request("POST", "/sign-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie or ""})
    response = connection.getresponse()
    response.read()
    connection.close()
    signed_in = _cookie_from(response, "session")
    if response.status != 303 or not signed_in:
        raise RuntimeError(f"signing in as {email} failed: HTTP {response.status}")
    return signed_in


def status_of(host: str, port: int, path: str, cookie: str) -> int:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status
