"""Teams, shared plans and do-not-knock notes."""
