"""The `?page=` argument of a paged list, read the same way everywhere."""

from flask import request


def page_arg(maximum: int = 10_000) -> int:
    """`?page=` as a number from 1 to `maximum`; 1 when it is missing, not a whole number, or out of range."""
    text = request.args.get("page", "1")
    try:
        number = int(text) if text.isdigit() else 0
    except ValueError:  # digits int() refuses: "²", or more than Python's 4,300-digit limit
        number = 0
    return number if 0 < number <= maximum else 1
