"""Response headers that make the browser enforce our rules, and safe redirects."""

import re
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
    """`target` as a path on this site (normalised), or None.

    Judged on the form a browser would follow: percent-escapes of `/`, `\\` and `.` decoded, and
    `.`/`..` segments resolved as RFC 3986 does (this is how `/.//evil` becomes `//evil`). Refused:
    a scheme or host, a backslash (browsers read it as `/`), an empty segment (`//`) anywhere in
    the path, anything still encoded after one decoding, control or invisible characters.
    """
    if not target or not isinstance(target, str) or len(target) > MAX_NEXT_LENGTH:
        return None
    if any(ord(c) < 32 or ord(c) == 127 or c in _INVISIBLE for c in target):
        return None
    path, query, fragment = _split(target)
    decoded = _ENCODED_SEPARATORS.sub(lambda m: chr(int(m.group(1), 16)), path)
    if not decoded.startswith("/") or "\\" in decoded or "//" in decoded or _ENCODED_TWICE.search(decoded):
        return None
    normalised = _remove_dot_segments(decoded)
    if not normalised.startswith("/") or normalised.startswith("//"):
        return None
    candidate = normalised + (f"?{query}" if query is not None else "") + (f"#{fragment}" if fragment is not None else "")
    parts = urlsplit(candidate)
    # The joined form must be exactly what we checked (urljoin is how the old check was fooled).
    if parts.scheme or parts.netloc or urljoin("/", candidate) != candidate:
        return None
    return candidate


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4 for an absolute path: `/a/./b/../c` is `/a/c`."""
    output: list[str] = []
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if output:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/" + "/".join(output)


MAX_NEXT_LENGTH = 2000
# Characters browsers strip or that reorder text: never part of a real path we link to.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d",
              "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00a0", "\u3000", "\ufffd"}
# %2f %5c %2e in any case: decoded once before judging the path (still there after: encoded twice).
_ENCODED_SEPARATORS = re.compile(r"%(2[fFeE]|5[cC])")
_ENCODED_TWICE = re.compile(r"%(25)*(2[fe]|5c)", re.IGNORECASE)


def _split(target: str) -> tuple[str, str | None, str | None]:
    path, hash_mark, fragment = target.partition("#")
    path, question, query = path.partition("?")
    return path, (query if question else None), (fragment if hash_mark else None)
