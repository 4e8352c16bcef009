"""The public and everyday pages: home, safety guidance, the PWA files and health."""
