from webapp.pledge.admin_routes import bp as admin_bp
from webapp.pledge.routes import bp

__all__ = ["admin_bp", "bp"]
