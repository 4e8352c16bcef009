"""`make bench`: run every benchmark module listed here, one after another, and report each.

Add yours to MODULES: a module in bench/ with a `main()` that prints its figures and returns
True when its targets are met (False or an exception counts as missed).
"""

import importlib
import sys
import traceback

MODULES = [
    "bench.web_pages",
    "bench.teams",
    "bench.sessions",
    "bench.outbox",
    "bench.office_import",
    "bench.feoa",
    "bench.purge",
    "bench.data_export",
]


def main() -> int:
    missed = []
    for name in MODULES:
        print(f"\n=== {name} ===", flush=True)
        try:
            if importlib.import_module(name).main() is False:
                missed.append(name)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            missed.append(name)
    print("\nBenchmarks done." + (f" Targets missed: {', '.join(missed)}" if missed else " Every target met."))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
