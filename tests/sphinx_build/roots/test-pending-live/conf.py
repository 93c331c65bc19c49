extensions = ["myst_parser", "sphinx_podlab"]
podlab_execution_mode = "force"
