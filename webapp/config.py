"""Settings as classes; the environment overrides last. Secrets come only from the environment."""

import os
from pathlib import Path

from cryptography.fernet import Fernet

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'campaignsafe.sqlite3'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 15000  # a second SQLite writer waits this long for its turn (webapp/sqlite.py)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    REMEMBER_COOKIE_DURATION = 30 * 24 * 60 * 60  # "keep me signed in" lasts 30 days, not Flask-Login's 365
    REGISTER_RATE_LIMIT = "5 per hour"  # per address registered, and per client address
    REGISTER_LINK_MAX_AGE = 24 * 60 * 60
    # Fernet keys for two-factor secrets at rest, comma-separated; the first encrypts, all decrypt.
    TWO_FACTOR_KEYS = ""
    TWO_FACTOR_DAILY_FAILURES = 10
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead: a long canvassing day must not expire forms
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    SIGN_IN_RATE_LIMIT = "5 per minute"
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none, trust nothing).
    TRUSTED_PROXY_COUNT = 0
    TWO_FACTOR_RATE_LIMIT = "5 per minute"
    FEOA_DIGEST_DEFAULT_TIME = "07:00"
    FEOA_DIGEST_CATCH_UP_MINUTES = 60  # a digest whose time passed longer ago waits for the next day's
    FEOA_PAGE_SIZE = 25
    PASSWORD_RESET_MAX_AGE = 60 * 60
    STAFF_WELCOME_MAX_AGE = 72 * 60 * 60  # a new staff account's "set your password" link
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    TIMEZONE = "Europe/London"
    SMS_BACKEND = "console"
    MAIL_BACKEND = "console"
    MAIL_DEFAULT_SENDER = "CampaignSafe <no-reply@campaignsafe.invalid>"
    SHOW_DEV_OUTBOX = False
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    # Safety sessions (minutes unless named otherwise).
    SESSION_DEFAULT_INTERVAL_MINUTES = 30
    SESSION_REMINDER_LEAD_MINUTES = 5
    SESSION_GRACE_MINUTES = 10
    SESSION_TIER2_DELAY_MINUTES = 15
    SESSION_LINK_MAX_AGE_SECONDS = 12 * 60 * 60
    SESSION_ALERT_LINK_MAX_AGE_SECONDS = 48 * 60 * 60
    SESSION_LOCATION_RETENTION_DAYS = 30
    # Outbox delivery (the jobs process); see README "Safety reminders and the outbox".
    TWILIO_ACCOUNT_SID = ""
    TWILIO_AUTH_TOKEN = ""
    TWILIO_FROM_NUMBER = ""
    TWILIO_MESSAGING_SERVICE_SID = ""
    TWILIO_API_BASE_URL = "https://api.twilio.com"
    TWILIO_TIMEOUT = 10.0
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_TIMEOUT = 10.0
    DELIVERY_TICK_SECONDS = 5
    DELIVERY_BATCH_SIZE = 200
    DELIVERY_CONCURRENCY = 32
    DELIVERY_MAX_PER_TICK = 20000
    DELIVERY_LEASE_SECONDS = 300
    DELIVERY_MAX_ATTEMPTS = 8
    DELIVERY_RETRY_BASE_SECONDS = 30
    DELIVERY_RETRY_CAP_SECONDS = 3600
    SMS_RATE_PER_SECOND = 0.0
    # /metrics: a bearer token Prometheus sends; empty means only loopback requests may scrape.
    METRICS_TOKEN = ""
    EVIDENCE_MAX_BYTES = 8 * 1024 * 1024
    NOMINATIONS_MAX_BYTES = 5 * 1024 * 1024
    INVITATION_MAX_AGE = 14 * 24 * 60 * 60
    # Privacy: who the controller is, and the retention schedule (webapp/privacy/retention.py; days).
    DATA_CONTROLLER_NAME = UNNAMED_CONTROLLER = "The CampaignSafe operator (set DATA_CONTROLLER_NAME)"
    DATA_CONTROLLER_CONTACT = UNNAMED_CONTACT = "privacy@campaignsafe.invalid"
    RETENTION_UNUSED_ACCOUNT_DAYS = 548  # about 18 months after the account's last election
    RETENTION_UNUSED_WARNING_DAYS = 30
    RETENTION_PLAN_DAYS = 30
    RETENTION_MESSAGE_DAYS = 30
    RETENTION_SESSION_DAYS = 30
    FEOA_ACCESS_DAYS = 30
    RETENTION_DIGEST_DAYS = 30
    RETENTION_NOMINATIONS_DAYS = 60
    RETENTION_INVITATION_DAYS = 30
    RETENTION_AUDIT_DAYS = 730
    PURGE_BATCH_SIZE = 1000


class DevelopmentConfig(Config):
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - development default, refused in production
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SHOW_DEV_OUTBOX = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"  # noqa: S105
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = False
    SHOW_DEV_OUTBOX = True
    PUBLIC_BASE_URL = "http://campaignsafe.test"
    # An unfaked Twilio call must fail loudly rather than reach the internet.
    TWILIO_API_BASE_URL = "http://127.0.0.1:9"


class ProductionConfig(Config):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}

# Settings that may be overridden from the environment, with how to read them.
ENV_SETTINGS = {
    "SECRET_KEY": str,
    "PUBLIC_BASE_URL": str,
    "RATELIMIT_STORAGE_URI": str,
    "SMS_BACKEND": str,
    "MAIL_BACKEND": str,
    "TWILIO_ACCOUNT_SID": str,
    "TWILIO_AUTH_TOKEN": str,
    "TWILIO_FROM_NUMBER": str,
    "TWILIO_MESSAGING_SERVICE_SID": str,
    "TWILIO_API_BASE_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "UPLOAD_DIR": str,
    "SHOW_DEV_OUTBOX": bool,
    "SESSION_DEFAULT_INTERVAL_MINUTES": int,
    "SESSION_REMINDER_LEAD_MINUTES": int,
    "SESSION_GRACE_MINUTES": int,
    "SESSION_TIER2_DELAY_MINUTES": int,
    "SESSION_LINK_MAX_AGE_SECONDS": int,
    "SESSION_ALERT_LINK_MAX_AGE_SECONDS": int,
    "SESSION_LOCATION_RETENTION_DAYS": int,
    "SIGN_IN_RATE_LIMIT": str,
    "TRUSTED_PROXY_COUNT": int,
    "TWILIO_TIMEOUT": float,
    "MAIL_TIMEOUT": float,
    "DELIVERY_TICK_SECONDS": int,
    "DELIVERY_BATCH_SIZE": int,
    "DELIVERY_CONCURRENCY": int,
    "DELIVERY_MAX_PER_TICK": int,
    "DELIVERY_LEASE_SECONDS": int,
    "DELIVERY_MAX_ATTEMPTS": int,
    "DELIVERY_RETRY_BASE_SECONDS": int,
    "DELIVERY_RETRY_CAP_SECONDS": int,
    "SMS_RATE_PER_SECOND": float,
    "METRICS_TOKEN": str,
    "EVIDENCE_MAX_BYTES": int,
    "NOMINATIONS_MAX_BYTES": int,
    "INVITATION_MAX_AGE": int,
    "TWO_FACTOR_RATE_LIMIT": str,
    "TWO_FACTOR_KEYS": str,
    "TWO_FACTOR_DAILY_FAILURES": int,
    "REGISTER_RATE_LIMIT": str,
    "REGISTER_LINK_MAX_AGE": int,
    "FEOA_DIGEST_DEFAULT_TIME": str,
    "FEOA_DIGEST_CATCH_UP_MINUTES": int,
    "STAFF_WELCOME_MAX_AGE": int,
    "FEOA_PAGE_SIZE": int,
    "SQLITE_BUSY_TIMEOUT_MS": int,
    "DATA_CONTROLLER_NAME": str,
    "DATA_CONTROLLER_CONTACT": str,
    "RETENTION_UNUSED_ACCOUNT_DAYS": int,
    "RETENTION_UNUSED_WARNING_DAYS": int,
    "RETENTION_PLAN_DAYS": int,
    "RETENTION_MESSAGE_DAYS": int,
    "RETENTION_SESSION_DAYS": int,
    "FEOA_ACCESS_DAYS": int,
    "RETENTION_DIGEST_DAYS": int,
    "RETENTION_NOMINATIONS_DAYS": int,
    "RETENTION_INVITATION_DAYS": int,
    "RETENTION_AUDIT_DAYS": int,
    "PURGE_BATCH_SIZE": int,
}


def load_config(name: str | None) -> dict:
    """The settings for `name` (or APP_ENV), overridden by the environment."""
    name = name or os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    settings = {k: getattr(CONFIGS[name], k) for k in dir(CONFIGS[name]) if k.isupper()}
    for key, kind in ENV_SETTINGS.items():
        if key in os.environ:
            settings[key] = _bool(key, False) if kind is bool else kind(os.environ[key])
    if name == "development" and "PUBLIC_BASE_URL" not in os.environ and os.environ.get("PORT"):
        settings["PUBLIC_BASE_URL"] = development_base_url(os.environ["PORT"])
    if os.environ.get("DATABASE_URL") and name != "test":
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if name == "production" and not settings.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in the environment in production")
    settings["ENV_NAME"] = name
    return settings


def development_base_url(port: str) -> str:
    """`PORT=5101 make run`: links in messages and webhooks point where the server listens."""
    if not port.strip().isdigit() or not 0 < int(port) < 65536:
        raise RuntimeError(f"PORT must be a port number, not {port!r}")
    return f"http://127.0.0.1:{int(port)}"


# Development/test defaults that must never reach a public server.
PUBLIC_SECRET_KEYS = frozenset({DevelopmentConfig.SECRET_KEY, TestConfig.SECRET_KEY})


def production_problems(settings) -> list[str]:
    """Why these production settings are unsafe to serve with (empty when they are fine)."""
    problems = []
    secret = settings.get("SECRET_KEY") or ""
    if not secret:
        problems.append("SECRET_KEY must be set in the environment in production")
    elif secret in PUBLIC_SECRET_KEYS:
        problems.append("SECRET_KEY is the public development key: set a long random one "
                        "(python -c 'import secrets; print(secrets.token_hex(32))')")
    if settings.get("SHOW_DEV_OUTBOX"):
        problems.append("SHOW_DEV_OUTBOX must be off in production (the development outbox shows messages)")
    if not str(settings.get("PUBLIC_BASE_URL") or "").lower().startswith("https://"):
        problems.append("PUBLIC_BASE_URL must start with https:// in production (links in texts and emails)")
    if settings.get("DATA_CONTROLLER_NAME") in (None, "", Config.UNNAMED_CONTROLLER) or \
            settings.get("DATA_CONTROLLER_CONTACT") in (None, "", Config.UNNAMED_CONTACT):
        problems.append("DATA_CONTROLLER_NAME and DATA_CONTROLLER_CONTACT must be set in production "
                        "(the privacy notice names who is responsible for people's data, and how to reach them)")
    keys = [k.strip() for k in str(settings.get("TWO_FACTOR_KEYS") or "").split(",") if k.strip()]
    if not keys:
        problems.append("TWO_FACTOR_KEYS must be set in production (Fernet keys for two-factor secrets)")
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append("TWO_FACTOR_KEYS holds a key that is not a Fernet key "
                            "(make one with: python3 -c 'from cryptography.fernet import Fernet; "
                            "print(Fernet.generate_key().decode())')")
            break
    return problems


def refuse_unsafe_production(settings) -> None:
    """Stop a production app from starting with settings that would let someone in."""
    if settings.get("ENV_NAME") != "production":
        return
    problems = production_problems(settings)
    if problems:
        raise RuntimeError("Refusing to start in production:\n- " + "\n- ".join(problems))


def normalise_database_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use the psycopg 3 driver for both."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
