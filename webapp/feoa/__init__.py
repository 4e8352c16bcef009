from webapp.feoa import incident_routes  # noqa: F401 - registers the incident pages on bp
from webapp.feoa.routes import bp

__all__ = ["bp"]
