"""Every minute: build the FEOA digests that are due (one per FEOA per London date)."""

from webapp.feoa.digest import send_due_digests


def run() -> str:
    return f"{send_due_digests()} digests built"
