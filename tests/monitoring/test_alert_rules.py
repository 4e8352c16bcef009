"""docs/alerts.yml: example Prometheus rules that parse and only use metrics /metrics exposes."""

import json
import re
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

RULES = Path(__file__).resolve().parents[2] / "docs" / "alerts.yml"
OUR_METRIC = re.compile(r"\bcampaignsafe_[a-z_]+\b")
DURATION = re.compile(r"^\d+[smhd]$")


def _rules() -> list[dict]:
    # JSON-compatible YAML after its leading comment lines: json checks it strictly.
    text = "\n".join(line for line in RULES.read_text().splitlines() if not line.startswith("#"))
    document = json.loads(text)
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_the_example_alert_rules_parse_and_each_has_an_expression_duration_severity_and_summary():
    rules = _rules()
    assert len(rules) >= 6
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names))
    for rule in rules:
        assert set(rule) == {"alert", "expr", "for", "labels", "annotations"}, rule["alert"]
        assert DURATION.match(rule["for"]), rule["alert"]
        assert rule["labels"]["severity"] in {"page", "ticket"}
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]


def test_every_alert_rule_names_only_metrics_that_metrics_exposes(client):
    exposed = {sample.name for family in text_string_to_metric_families(client.get("/metrics").get_data(as_text=True))
               for sample in family.samples}
    for rule in _rules():
        named = set(OUR_METRIC.findall(rule["expr"]))
        assert named, f"{rule['alert']} names none of our metrics"
        assert named <= exposed, f"{rule['alert']} names {named - exposed}, which /metrics does not expose"


def test_the_paging_alerts_cover_a_dead_jobs_process_late_messages_and_late_escalations():
    paging = {rule["expr"] for rule in _rules() if rule["labels"]["severity"] == "page"}
    for metric in ("campaignsafe_job_last_success_age_seconds", "campaignsafe_outbox_late_messages",
                   "campaignsafe_sessions_escalation_late"):
        assert any(metric in expr for expr in paging), metric
