"""Outgoing messages: the outbox, its delivery backends, pages to see them."""

from webapp.notify.routes import bp

__all__ = ["bp"]
