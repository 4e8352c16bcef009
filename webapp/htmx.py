"""The one place that decides how to answer htmx and plain requests (htmx-flask kept behind it)."""

from flask import Response, redirect, render_template, request


def is_htmx() -> bool:
    return bool(getattr(request, "htmx", False))


def wants_json() -> bool:
    """A script (sessions.js's SOS and offline queue) asking for JSON rather than a page."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def wants_partial(target_id: str) -> bool:
    """True when htmx asked to swap exactly this element (not a boosted whole-page navigation)."""
    return is_htmx() and request.headers.get("HX-Target") == target_id and not request.headers.get("HX-Boosted")


def hx_redirect(url: str) -> Response:
    """Go to `url`: 200 + HX-Location for htmx (it ignores HX headers on 3xx), 303 otherwise."""
    if is_htmx():
        response = Response(status=200)
        response.headers["HX-Location"] = url
        return response
    return redirect(url, code=303)


def render_form(page: str, partial: str | None = None, target_id: str | None = None, *, form=None,
                status: int | None = None, **context) -> tuple[str, int]:
    """Render a form's page, or just `partial` when htmx targets `target_id`: 422 when `form` has errors, else 200.

    `status` is for a page whose trouble is not on `form` (another form on the page, a refused upload)."""
    if status is None:
        status = 422 if form is not None and form.errors else 200
    if form is not None:
        context["form"] = form
    template = partial if partial and wants_partial(target_id) else page
    return render_template(template, **context), status
