from webapp.office.routes import bp

__all__ = ["bp"]
