from webapp.feoa import freshness, incident_routes  # noqa: F401 - change tracking; the incident pages on bp
from webapp.feoa.routes import bp

__all__ = ["bp"]
