"""Personal data with a life cycle: the retention schedule, the purge, the privacy notice,
downloading and deleting one's own data."""
