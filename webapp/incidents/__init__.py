from webapp.incidents.routes import bp

__all__ = ["bp"]
