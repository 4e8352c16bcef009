"""The pages people open most, under load, BEFORE and AFTER side by side in one run.

    make bench                                   # part of it; or:
    .venv/bin/python -m bench.web_pages [--baseline REF] [--rounds 3] [--seconds 10] [--pages feoa,...]

AFTER is this checkout; BEFORE is a detached `git worktree` of the baseline ref (default: the last
main before issue 15, bench/trees.py; BENCH_BASELINE or --baseline to change it). Each tree builds
its own fresh data with its own code and is served by the same gunicorn settings from the same
venv; wrk alternates between the two trees page by page, round by round (the order flips each
round), so a slow spell of a shared machine falls on both. Each figure is the median of the rounds.

Targets (issue 15): every page's p99 under 100 ms at 32 connections on 2 cores, and no page more
than 10 % slower in req/s than before.
"""

import argparse
import contextlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import sqlalchemy as sa

from bench.feoa import POSTGRES
from bench.generate import CANDIDATE_EMAIL, CANDIDATE_PASSWORD
from bench.harness import (
    CONNECTIONS,
    DURATION_SECONDS,
    ROOT,
    Result,
    bench_environment,
    gunicorn,
    run_wrk,
    signed_in_cookie,
    status_of,
)
from bench.trees import baseline_ref, checkout, run_in, webapp_folder

MAX_P99_MS = 100.0
MIN_SPEED = 0.90  # AFTER's req/s at least 90 % of BEFORE's
ROUNDS = 3


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    data: str  # "candidate": the demo candidate on SQLite; "feoa": a force of 2,000 on PostgreSQL


PAGES = [
    Page("candidate dashboard", "/", "candidate"),
    Page("activity list", "/activities", "candidate"),
    Page("activity list, one kind", "/activities?kind=canvassing", "candidate"),
    Page("guidance page", "/safety/safer-canvassing", "candidate"),
    Page("FEOA dashboard", "/feoa/", "feoa"),
]

_CANDIDATE_DATA = """
import json
from bench.generate import build
build({url!r})
print(json.dumps(None))
"""

# bench.feoa_dashboard: a force of 2,000 consenting candidates among 6,000, 120,000 activities around
# today, and the session cookie of its FEOA past the code step.
_FEOA_DATA = """
import json
from bench.feoa_dashboard import _data, _session_cookie
from webapp import create_app
email = _data({url!r}, reuse=False)
print(json.dumps(_session_cookie(create_app("test", {{"SQLALCHEMY_DATABASE_URI": {url!r}}}), email)))
"""


# CPU ms per request in-process (Flask test client, production settings): far steadier than req/s on
# a shared machine. Each tree in its own process, the trees alternating; each page's lowest batch.
_CPU = """
import json
from bench.cpu import interleaved_cpu_ms, production_app
client = production_app({url!r}).test_client()
if {cookie!r}:
    client.set_cookie("session", {cookie!r}.removeprefix("session="))
else:
    client.post("/sign-in", data={{"email": {email!r}, "password": {password!r}}}, base_url="https://localhost")
for path in {paths!r}:
    assert client.get(path, base_url="https://localhost").status_code == 200, path
batches = interleaved_cpu_ms(client, {paths!r}, batches=4, requests=50, base_url="https://localhost")
print(json.dumps({{path: min(figures) for path, figures in batches.items()}}))
"""
CPU_ROUNDS = 3


@dataclass
class Tree:
    label: str  # "before" or "after"
    root: Path
    servers: dict  # data kind -> (host, port)
    cookies: dict  # data kind -> Cookie header value
    urls: dict  # data kind -> database URL


def _postgres_database(suffix: str) -> str:
    """BENCH_DATABASE_URL's database with a suffix, created if missing (each tree needs its own)."""
    url = sa.engine.make_url(POSTGRES)
    name = f"{url.database}_{suffix}"
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def _served(tree: Tree, kinds: set[str], folder: Path):
    """Build each kind of data with the tree's own code, then serve it; fills tree.servers and cookies."""
    with contextlib.ExitStack() as stack:
        if "candidate" in kinds:
            url = f"sqlite:///{folder / f'{tree.label}.sqlite3'}"
            print(f"{tree.label}: building the demo candidate's data ({url})", flush=True)
            run_in(tree.root, _CANDIDATE_DATA.format(url=url))
            tree.urls["candidate"] = url
            host, port = stack.enter_context(gunicorn("webapp:create_app()", bench_environment(url), root=tree.root))
            tree.servers["candidate"] = (host, port)
            tree.cookies["candidate"] = signed_in_cookie(host, port, CANDIDATE_EMAIL, CANDIDATE_PASSWORD)
        if "feoa" in kinds:
            url = _postgres_database(tree.label)
            print(f"{tree.label}: building the FEOA's force of 2,000 ({sa.engine.make_url(url).database})", flush=True)
            tree.cookies["feoa"] = run_in(tree.root, _FEOA_DATA.format(url=url))
            tree.urls["feoa"] = url
            tree.servers["feoa"] = stack.enter_context(gunicorn("webapp:create_app()", bench_environment(url),
                                                               root=tree.root))
        yield tree


def _url(tree: Tree, page: Page) -> str:
    host, port = tree.servers[page.data]
    return f"http://{host}:{port}{page.path}"


def _median_result(name: str, results: list[Result]) -> Result:
    return Result(name, median(r.requests_per_second for r in results), median(r.p50_ms for r in results),
                  median(r.p99_ms for r in results), sum(r.non_2xx for r in results),
                  sum(r.socket_errors for r in results))


def cpu_ms(before: "Tree", after: "Tree", pages: list[Page]) -> dict[tuple[str, str], float]:
    """(page name, "before"/"after") -> the lowest CPU ms per request in-process over CPU_ROUNDS rounds."""
    lowest: dict[tuple[str, str], float] = {}
    for number in range(CPU_ROUNDS):
        for tree in (before, after) if number % 2 == 0 else (after, before):
            for kind in tree.urls:
                chosen = [page for page in pages if page.data == kind]
                code = _CPU.format(url=tree.urls[kind], cookie=tree.cookies[kind] if kind == "feoa" else "",
                                   email=CANDIDATE_EMAIL, password=CANDIDATE_PASSWORD,
                                   paths=[page.path for page in chosen])
                figures = run_in(tree.root, code)
                for page in chosen:
                    key = (page.name, tree.label)
                    lowest[key] = min(lowest.get(key, float("inf")), figures[page.path])
    return lowest


def measure(pages: list[Page], baseline: str, rounds: int,
            seconds: int) -> tuple[dict[tuple[str, str], Result], dict[tuple[str, str], float]]:
    """(page name, "before"/"after") -> the median of `rounds` wrk runs; and the in-process CPU figures."""
    kinds = {page.data for page in pages}
    runs: dict[tuple[str, str], list[Result]] = {}
    with tempfile.TemporaryDirectory(prefix="campaignsafe-bench-") as folder, checkout(baseline) as before_root:
        before = Tree("before", before_root, {}, {}, {})
        after = Tree("after", ROOT, {}, {}, {})
        for tree in (before, after):
            print(f"{tree.label}: {webapp_folder(tree.root)}", flush=True)
        with _served(before, kinds, Path(folder)), _served(after, kinds, Path(folder)):
            for page in pages:
                for tree in (before, after):
                    status = status_of(*tree.servers[page.data], page.path, tree.cookies[page.data])
                    if status != 200:
                        raise RuntimeError(f"{tree.label} {page.path} answers HTTP {status}")
            for number in range(rounds):
                order = (before, after) if number % 2 == 0 else (after, before)
                for page in pages:
                    for tree in order:
                        result = run_wrk(page.name, _url(tree, page), {"Cookie": tree.cookies[page.data]},
                                         duration=seconds)
                        runs.setdefault((page.name, tree.label), []).append(result)
                        print(f"  round {number + 1} {tree.label:<6} {page.name:<26} "
                              f"{result.requests_per_second:7.0f} req/s  p99 {result.p99_ms:7.1f} ms", flush=True)
            print("CPU per request in-process, the trees alternating...", flush=True)
            cpu = cpu_ms(before, after, pages)
    return {key: _median_result(key[0], results) for key, results in runs.items()}, cpu


def report(pages: list[Page], figures: dict[tuple[str, str], Result], cpu: dict[tuple[str, str], float],
           baseline: str, rounds: int, seconds: int) -> bool:
    print(f"\nWeb pages, BEFORE ({baseline}) and AFTER (this checkout) side by side: gunicorn 2 sync workers, "
          f"wrk {CONNECTIONS} connections {seconds} s, median of {rounds} alternating rounds")
    print(f"{'page':<26} {'before req/s':>12} {'p99 ms':>7} {'after req/s':>12} {'p99 ms':>7} {'after/before':>13}  target")
    met = True
    for page in pages if figures else []:
        old, new = figures[(page.name, "before")], figures[(page.name, "after")]
        ratio = new.requests_per_second / old.requests_per_second
        problems = []
        if new.p99_ms >= MAX_P99_MS:
            problems.append(f"p99 >= {MAX_P99_MS:.0f} ms")
        if ratio < MIN_SPEED:
            problems.append(f"{1 - ratio:.0%} slower")
        if new.non_2xx or new.socket_errors:
            problems.append(f"{new.non_2xx} non-2xx, {new.socket_errors} socket errors or timeouts")
        met = met and not problems
        print(f"{page.name:<26} {old.requests_per_second:>12.0f} {old.p99_ms:>7.1f} {new.requests_per_second:>12.0f} "
              f"{new.p99_ms:>7.1f} {ratio:>13.2f}  {'FAIL: ' + ', '.join(problems) if problems else 'PASS'}")
    print(f"  (targets: p99 < {MAX_P99_MS:.0f} ms, req/s at least {MIN_SPEED:.0%} of before, no errors)")
    print(f"\nCPU ms per request in-process (test client, production settings; lowest batch of 4 x 50 "
          f"over {CPU_ROUNDS} alternating rounds):")
    print(f"{'page':<26} {'before':>8} {'after':>8} {'after/before':>13}")
    for page in pages:
        old, new = cpu[(page.name, "before")], cpu[(page.name, "after")]
        print(f"{page.name:<26} {old:>8.2f} {new:>8.2f} {new / old:>13.2f}")
    return met


def main(baseline: str | None = None, rounds: int = ROUNDS, seconds: int = DURATION_SECONDS,
         pages: list[Page] | None = None) -> bool:
    baseline = baseline or baseline_ref()
    pages = pages or PAGES
    figures, cpu = measure(pages, baseline, rounds, seconds)
    return report(pages, figures, cpu, baseline, rounds, seconds)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=None, help=f"the BEFORE ref (default BENCH_BASELINE or {baseline_ref()})")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="wrk rounds; 0: only the in-process CPU figures")
    parser.add_argument("--seconds", type=int, default=DURATION_SECONDS, help="each wrk run (after a 2 s warm-up)")
    parser.add_argument("--pages", default="", help="comma-separated words to pick pages by name, e.g. feoa,list")
    args = parser.parse_args()
    words = [word.strip().lower() for word in args.pages.split(",") if word.strip()]
    pages = [page for page in PAGES if not words or any(word in page.name.lower() for word in words)]
    return 0 if main(args.baseline, args.rounds, args.seconds, pages) else 1


if __name__ == "__main__":
    sys.exit(cli())
