"""CPU time per request, measured in-process with the test client.

A steadier figure than req/s on a shared machine: other tenants slow the wall clock, but barely
change how much CPU our own process spends on one request.
"""

import os
import time

from flask import Flask

from bench.harness import BENCH_SETTINGS


def production_app(database_url: str) -> Flask:
    """The app under the production settings (CSRF off only so the bench can post the sign-in form)."""
    from webapp import create_app

    for name, value in BENCH_SETTINGS.items():
        os.environ.setdefault(name, value)
    return create_app("production", {"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False})


def cpu_ms_per_request(client, path: str, requests: int = 200, **kwargs) -> float:
    for _ in range(20):
        client.get(path, **kwargs)
    start = time.process_time()
    for _ in range(requests):
        response = client.get(path, **kwargs)
        response.close()
    return (time.process_time() - start) / requests * 1000


def interleaved_cpu_ms(client, paths: list[str], batches: int = 8, requests: int = 100, **kwargs) -> dict[str, list[float]]:
    """Each path's CPU ms per request over `batches` batches, the paths interleaved batch by batch
    so a slow spell of the host falls on all of them; callers report the lowest (and median)."""
    figures: dict[str, list[float]] = {path: [] for path in paths}
    for _ in range(batches):
        for path in paths:
            figures[path].append(cpu_ms_per_request(client, path, requests=requests, **kwargs))
    return figures
