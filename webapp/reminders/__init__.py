"""Safety reminders for each activity, and each person's choice of them."""

from webapp.reminders.planner import cancel_activity_reminders, plan_activity_reminders
from webapp.reminders.routes import bp

__all__ = ["bp", "cancel_activity_reminders", "plan_activity_reminders"]
