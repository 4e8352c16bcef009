"""`flask --app webapp jobs run` (the jobs process) and `jobs tick` (every job once)."""

import logging

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from jobs.registry import job_intervals
from jobs.runner import build_scheduler, tick_all
from jobs.shutdown import install_stop_handlers, stop
from webapp.notify.delivery import lease_problem

jobs_group = AppGroup("jobs", help="The background jobs process.")


def init_app(app: Flask) -> None:
    """The `jobs` commands, and the jobs' schedule for the app's health checks: create_app calls this,
    so the arrow points from jobs to webapp and never back (webapp.monitoring reads the schedule here)."""
    app.cli.add_command(jobs_group)
    app.extensions["job_intervals"] = job_intervals


@jobs_group.command("run")
def run_jobs():
    """Run the scheduler in this process until stopped (never inside web workers)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = current_app._get_current_object()
    problem = lease_problem(app.config)
    if problem:
        raise click.ClickException(problem)
    scheduler = build_scheduler(app)
    install_stop_handlers()
    click.echo(f"jobs process started with {len(scheduler.get_jobs())} jobs")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    click.echo(stop(scheduler))


@jobs_group.command("tick")
def tick():
    """Run every job once and exit."""
    for name, result in tick_all(current_app._get_current_object()):
        click.echo(f"{name}: {result}")
