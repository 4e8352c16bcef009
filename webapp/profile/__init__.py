"""Who a person is: their details, emergency contact, candidacy and FEOA consent."""

from webapp.profile.routes import bp

__all__ = ["bp"]
