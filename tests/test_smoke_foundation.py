import pytest
from bs4 import BeautifulSoup


@pytest.mark.both_databases
def test_health_check_reports_the_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "jobs": "stale"}  # no jobs run yet


def test_a_signed_in_candidate_sees_the_call_999_card_on_the_home_page(client, login_as):
    login_as("candidate")
    page = BeautifulSoup(client.get("/").data, "html.parser")
    assert page.select_one("a[href='tel:999']") is not None
    assert len(page.select("h1")) == 1
