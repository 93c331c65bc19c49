extensions = ["myst_parser", "sphinx_podlab"]
language = "ja"
podlab_execution_mode = "force"
