"""SMS_RATE_PER_SECOND spaces sends evenly across a jobs process's sending threads."""

from webapp.notify import delivery


def test_sends_are_spaced_to_the_configured_rate(monkeypatch):
    now = {"t": 100.0}
    slept = []
    monkeypatch.setattr(delivery.time, "monotonic", lambda: now["t"])
    monkeypatch.setattr(delivery.time, "sleep", lambda seconds: slept.append(round(seconds, 3)))
    limiter = delivery.RateLimiter(4)  # four texts a second
    for _ in range(5):
        limiter.wait()
    assert slept == [0.25, 0.5, 0.75, 1.0]


def test_no_rate_means_no_waiting(monkeypatch):
    slept = []
    monkeypatch.setattr(delivery.time, "sleep", slept.append)
    limiter = delivery.RateLimiter(0)
    for _ in range(100):
        limiter.wait()
    assert slept == []
