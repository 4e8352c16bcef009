"""Campaign activity plans: create, view, change, cancel and list them, with safety prompts."""

from webapp.plans.routes import bp

__all__ = ["bp"]
