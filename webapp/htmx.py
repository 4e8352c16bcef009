"""The one place that decides how to answer htmx and plain requests (htmx-flask kept behind it)."""

from flask import Response, redirect, render_template, request


def is_htmx() -> bool:
    return bool(getattr(request, "htmx", False))


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


def render_form(page: str, partial: str, target_id: str, *, status: int = 200, **context) -> tuple[str, int]:
    """Render a form page, or just its fragment when htmx targets it; 422 when it has errors."""
    template = partial if wants_partial(target_id) else page
    return render_template(template, **context), status
