"""The product's core, free of Sphinx: the page decision and reading pages for ``status``."""
