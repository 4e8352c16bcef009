"""The retention schedule covers every table that holds a person, and the jobs process runs the purge."""

from jobs.registry import all_jobs
from webapp.extensions import db
from webapp.privacy.retention import SCHEDULE, covered_tables

PERSON_TABLES = {"user", "candidacy"}


def tables_holding_a_person() -> set[str]:
    """Every table with a foreign key to a user or a candidacy (and those tables themselves)."""
    return PERSON_TABLES | {
        table.name for table in db.metadata.sorted_tables
        if any(fk.column.table.name in PERSON_TABLES for fk in table.foreign_keys)
    }


def test_every_table_with_a_user_or_candidacy_key_has_a_row_in_the_retention_schedule(app):
    missing = tables_holding_a_person() - covered_tables()
    assert not missing, f"add these tables to a row of webapp/privacy/retention.py SCHEDULE: {sorted(missing)}"


def test_the_schedule_names_only_tables_that_exist_and_each_table_once(app):
    names = [table for rule in SCHEDULE for table in rule.tables]
    assert len(names) == len(set(names))
    assert set(names) <= set(db.metadata.tables)


def test_every_row_of_the_schedule_says_what_why_who_and_when_with_a_real_setting(app):
    for rule in SCHEDULE:
        assert rule.kind and rule.why and rule.who_sees and rule.ends_text()
        if rule.setting:
            assert isinstance(app.config[rule.setting], int)
            assert str(app.config[rule.setting]) in rule.ends_text()


def test_changing_a_setting_changes_what_the_schedule_says(app):
    plans = next(rule for rule in SCHEDULE if rule.key == "plans")
    app.config["RETENTION_PLAN_DAYS"] = 45
    assert plans.ends_text().startswith("45 days after polling day")


def test_the_purge_runs_daily_in_the_jobs_process_at_a_fixed_uk_time_outside_the_clock_change_hour(app):
    job = next(job for job in all_jobs() if job.name == "privacy-purge")
    assert job.every_seconds is None
    assert job.cron.keys() == {"hour", "minute"} and int(job.cron["hour"]) not in (1, 2)


def test_the_readme_retention_table_is_the_code_table_with_the_default_settings():
    from pathlib import Path

    from webapp.config import Config
    from webapp.privacy.retention import markdown_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- retention-table:start -->\n", "\n<!-- retention-table:end -->"
    in_readme = readme[readme.index(start) + len(start):readme.index(end)]
    defaults = {name: getattr(Config, name) for name in dir(Config) if name.isupper()}
    assert in_readme == markdown_table(defaults), "paste markdown_table(defaults) into README.md"
