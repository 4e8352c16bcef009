"""The background jobs process: a few periodic ticks that work through rows in the database."""
