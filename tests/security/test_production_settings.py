"""Finding 1: production must refuse to start with settings that let someone in."""

import pytest

from webapp import create_app
from webapp.config import DevelopmentConfig

GOOD = {"SECRET_KEY": "a-long-random-production-secret", "PUBLIC_BASE_URL": "https://campaignsafe.example",
        "TWO_FACTOR_KEYS": "YmVuY2gtb25seS10d28tZmFjdG9yLWtleS0zMmJ5dGU=",
        "DATA_CONTROLLER_NAME": "Example Borough Council", "DATA_CONTROLLER_CONTACT": "dpo@example.gov.uk"}


@pytest.fixture
def environment(monkeypatch):
    for name in ("SHOW_DEV_OUTBOX", "SECRET_KEY", "PUBLIC_BASE_URL", "TWO_FACTOR_KEYS", "DATA_CONTROLLER_NAME",
                 "DATA_CONTROLLER_CONTACT"):
        monkeypatch.delenv(name, raising=False)

    def set_env(**values):
        for name, value in {**GOOD, **values}.items():
            monkeypatch.setenv(name, value)
    return set_env


def test_production_starts_with_safe_settings(environment):
    environment()
    assert create_app("production").config["ENV_NAME"] == "production"


@pytest.mark.parametrize("setting, value, message", [
    ("SECRET_KEY", DevelopmentConfig.SECRET_KEY, "SECRET_KEY is the public development key"),
    ("SECRET_KEY", "test-only-not-secret", "SECRET_KEY is the public development key"),
    ("SHOW_DEV_OUTBOX", "true", "SHOW_DEV_OUTBOX must be off"),
    ("PUBLIC_BASE_URL", "http://campaignsafe.example", "PUBLIC_BASE_URL must start with https://"),
    ("PUBLIC_BASE_URL", "campaignsafe.example", "PUBLIC_BASE_URL must start with https://"),
    ("TWO_FACTOR_KEYS", "", "TWO_FACTOR_KEYS must be set"),
    ("DATA_CONTROLLER_NAME", "", "DATA_CONTROLLER_NAME and DATA_CONTROLLER_CONTACT must be set"),
    ("DATA_CONTROLLER_CONTACT", "", "DATA_CONTROLLER_NAME and DATA_CONTROLLER_CONTACT must be set"),
])
def test_production_refuses_to_start_with_an_unsafe_setting(environment, setting, value, message):
    environment(**{setting: value})
    with pytest.raises(RuntimeError, match=message):
        create_app("production")


def test_production_lists_every_problem_at_once(environment):
    environment(PUBLIC_BASE_URL="http://x.example", SHOW_DEV_OUTBOX="1")
    with pytest.raises(RuntimeError) as refused:
        create_app("production")
    assert "PUBLIC_BASE_URL" in str(refused.value) and "SHOW_DEV_OUTBOX" in str(refused.value)


def test_development_still_starts_with_its_own_defaults(environment):
    assert create_app("development").config["SHOW_DEV_OUTBOX"] is True
