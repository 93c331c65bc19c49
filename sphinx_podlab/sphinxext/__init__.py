"""The Sphinx front-end: directives, role, domain and event handlers."""
