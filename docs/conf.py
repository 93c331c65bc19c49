"""The book: a Japanese Kubernetes textbook whose console outputs come from a live cluster."""

project = "Kubernetes 実験ノート"
author = "sphinx_podlab"
copyright = "2026, sphinx_podlab"
version = release = "1.0"
language = "ja"

extensions = ["myst_parser", "sphinx_copybutton", "sphinx_podlab"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_podlab", "Thumbs.db", ".DS_Store"]

html_theme = "sphinx_rtd_theme"
html_static_path: list[str] = []

# Copy buttons copy the commands of a console block: no prompts, no outputs; podlab adds
# the class of its `# comments` to copybutton_exclude and follows `\` continuations.
copybutton_prompt_text = "$ "
copybutton_exclude = ".linenos, .gp, .go"

# PDF through Sphinx's Japanese LaTeX (uplatex): figures stay where the text refers to them.
latex_elements = {"figure_align": "H"}

# sphinx_podlab: the book's manifests live at the top of the repository.
podlab_manifest_path = ["../manifests"]
podlab_namespace = "default"
