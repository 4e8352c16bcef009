"""Safety reminders for each activity, and each person's choice of them."""
