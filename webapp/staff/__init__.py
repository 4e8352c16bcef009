"""Site admin: staff accounts, the audit log and the councils table."""
