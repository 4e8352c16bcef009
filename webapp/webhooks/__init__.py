from webapp.webhooks.routes import bp

__all__ = ["bp"]
