extensions = ["myst_parser", "sphinx_copybutton", "sphinx_podlab"]
language = "ja"
html_theme = "sphinx_rtd_theme"
podlab_execution_mode = "replay"
