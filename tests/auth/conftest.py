import pytest


@pytest.fixture
def runner(app):
    """Runs `flask --app webapp ...` commands against the test app."""
    return app.test_cli_runner()
