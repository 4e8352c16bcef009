"""The fake Twilio server (tests/fakes/twilio_server.py) in a process of its own, so its CPU is not the
load generator's. Prints its settings as one JSON line, then answers every message after 50 ms.
Each line "sent" on stdin is answered with one JSON line: every message accepted so far, with the
Unix time it was accepted. It stops when stdin closes.

    .venv/bin/python -m bench.fake_provider
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWER_AFTER_S = 0.05  # like the real API


def serve() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.fakes.twilio_server import FakeTwilio

    fake = FakeTwilio().start()
    fake.answer_slowly(ANSWER_AFTER_S)
    print(json.dumps(fake.settings), flush=True)
    for line in sys.stdin:
        if line.strip() == "sent":
            print(json.dumps([{"to": m["To"], "body": m["Body"], "at": m["date_created"].timestamp()}
                              for m in fake.sent]), flush=True)
    fake.stop()


class FakeProvider:
    """Start the fake in a child process; `sent()` asks it what it accepted."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "bench.fake_provider"], cwd=ROOT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.settings = json.loads(self.process.stdout.readline())

    def sent(self) -> list[dict]:
        self.process.stdin.write("sent\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    serve()
