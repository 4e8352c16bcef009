"""CPU time per page for the plans pages, in one process with no HTTP or wrk in the way.

The shared machine makes wrk figures swing by 2x from one minute to the next, and even CPU time
per request moves with it; interleaving the pages in batches and keeping each page's lowest batch
gives the steadiest figure. The guidance page is the baseline every signed-in page pays. No
target: it is a diagnostic (compare two commits by running it in each, one after the other).
"""

import sys
import tempfile
from pathlib import Path
from statistics import median

from bench.cpu import interleaved_cpu_ms, production_app
from bench.generate import ACTIVITIES, CANDIDATE_EMAIL, CANDIDATE_PASSWORD, build

PAGES = ["/safety/safer-canvassing", "/", "/activities", "/activities?kind=canvassing"]
BATCHES, PER_BATCH = 8, 100


def main(database_url: str | None = None) -> bool:
    with tempfile.TemporaryDirectory(prefix="campaignsafe-plans-") as folder:
        if database_url is None:
            database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            build(database_url)
        client = production_app(database_url).test_client()
        client.post("/sign-in", data={"email": CANDIDATE_EMAIL, "password": CANDIDATE_PASSWORD},
                    base_url="https://localhost")
        for path in PAGES:
            status = client.get(path, base_url="https://localhost").status_code
            assert status == 200, f"{path} answered {status}: not signed in?"
        batches = interleaved_cpu_ms(client, PAGES, batches=BATCHES, requests=PER_BATCH, base_url="https://localhost")
        print(f"Plans pages in-process (Flask test client, production settings, SQLite, {ACTIVITIES} activities), "
              f"CPU ms per request over {BATCHES} interleaved batches of {PER_BATCH}:")
        for path, figures in batches.items():
            print(f"  {path:<32} lowest {min(figures):5.2f}   median {median(figures):5.2f}")
    return True


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
