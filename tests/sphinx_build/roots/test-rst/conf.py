extensions = ["sphinx_podlab"]
podlab_execution_mode = "replay"
