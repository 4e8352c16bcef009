"""`flask --app webapp jobs run` (the jobs process) and `jobs tick` (every job once)."""

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from jobs.runner import build_scheduler, tick_all

jobs_group = AppGroup("jobs", help="The background jobs process.")


@jobs_group.command("run")
def run_jobs():
    """Run the scheduler in this process until stopped (never inside web workers)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = current_app._get_current_object()
    scheduler = build_scheduler(app)
    click.echo(f"jobs process started with {len(scheduler.get_jobs())} jobs")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("jobs process stopped")


@jobs_group.command("tick")
def tick():
    """Run every job once and exit."""
    for name, result in tick_all(current_app._get_current_object()):
        click.echo(f"{name}: {result}")
