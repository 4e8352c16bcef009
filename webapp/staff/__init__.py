from webapp.staff.routes import bp

__all__ = ["bp"]
