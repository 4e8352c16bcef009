"""Errors by audience: a full page, a small htmx fragment, or JSON for machines."""

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import db
from webapp.htmx import is_htmx

MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: ("You can't do that", "Your account does not have access to this page."),
    404: ("Page not found", "It may have been removed, or you may not have access to it."),
    405: ("That didn't work", "Please go back and try again."),
    413: ("That is too large: nothing was saved", "The file or form you sent is bigger than we accept. Use your "
          "browser's Back button: what you typed is still in the form. Then choose a smaller file."),
    429: ("Too many attempts", "Please wait a minute and try again."),
    500: ("Sorry, something went wrong on our side", "Nothing you typed was saved by this failed step. Please try again."),
    503: ("The service is busy", "Please try again in a moment."),
}


def _wants_json() -> bool:
    return request.path.startswith(("/webhooks/", "/healthz")) or request.accept_mimetypes.best == "application/json"


def render_error(status: int, title: str | None = None, detail: str | None = None):
    default_title, default_detail = MESSAGES.get(status, MESSAGES[500])
    title, detail = title or default_title, detail or default_detail
    if _wants_json():
        return jsonify(error=title, detail=detail), status
    template = "errors/_fragment.html" if is_htmx() else "errors/error.html"
    return render_template(template, status=status, title=title, detail=detail), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, "Your form expired", "Please reload the page and try again. Nothing was changed.")

    @app.errorhandler(413)
    def too_large(error):
        limit = app.config.get("EVIDENCE_MAX_BYTES")
        detail = MESSAGES[413][1] + (f" Files can be up to {limit // (1024 * 1024)} MB each." if limit else "")
        return render_error(413, detail=detail)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500, detail=None if error.code in MESSAGES else error.description)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)
