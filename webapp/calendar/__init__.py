"""Calendars: the calendar page, each person's private feed address and single-activity downloads."""
