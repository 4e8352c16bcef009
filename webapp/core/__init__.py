"""The public and everyday pages: home, safety guidance, the PWA files and health."""

from webapp.core.routes import bp

__all__ = ["bp"]
