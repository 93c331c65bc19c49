"""The book: a Japanese Kubernetes textbook whose console outputs come from a live cluster."""

project = "Kubernetes 実験ノート"
author = "sphinx_podlab"
language = "ja"

extensions = ["myst_parser", "sphinx_podlab"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_podlab", "Thumbs.db", ".DS_Store"]

html_theme = "alabaster"
html_static_path: list[str] = []

# sphinx_podlab: the book's manifests live at the top of the repository.
podlab_manifest_path = ["../manifests"]
podlab_namespace = "default"
