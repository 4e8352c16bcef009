from webapp.staff import councils  # noqa: F401 - the Councils pages, on the same blueprint
from webapp.staff.routes import bp

__all__ = ["bp"]
