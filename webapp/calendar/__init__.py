from webapp.calendar.routes import bp

__all__ = ["bp"]
