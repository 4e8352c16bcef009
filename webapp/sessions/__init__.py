"""Safety sessions: check-ins, overdue escalation to chosen contacts, SOS and the duress PIN."""
