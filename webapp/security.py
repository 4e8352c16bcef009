"""Response headers that make the browser enforce our rules, and safe redirects."""

from urllib.parse import urljoin, urlsplit

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self)",
}


def init_app(app: Flask) -> None:
    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        # Behind a proxy the client's address and scheme arrive in X-Forwarded-*: without this every
        # sign-in would count against the proxy's address, and HTTPS would look like HTTP.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)

    hsts = not app.debug and app.config.get("SESSION_COOKIE_SECURE")

    @app.after_request
    def set_security_headers(response):
        # Plain membership tests: werkzeug's Headers.setdefault raises and catches an HTTP
        # exception for every missing header, a measurable cost on every response.
        headers = response.headers
        wanted = dict(SECURITY_HEADERS)
        if hsts:
            wanted["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static":
            wanted["Cache-Control"] = "no-store"
        for name, value in wanted.items():
            if name not in headers:
                headers[name] = value
        response.vary.add("HX-Request")
        return response


def safe_next_url(target: str | None) -> str | None:
    """`target` if it points inside this site (a path), otherwise None."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return urljoin("/", target)
