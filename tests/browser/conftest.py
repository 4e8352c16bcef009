"""Everything under tests/browser/ is a browser test; the fixtures are in tests/browser/fixtures.py."""

import os

import pytest


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is a browser test, marked or not."""
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
