"""Outgoing messages: the outbox, its delivery backends, pages to see them."""
