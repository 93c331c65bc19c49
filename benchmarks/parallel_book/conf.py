# A four-page book for the -j benchmark (benchmarks/bench.py, (d)): each page runs live in
# a namespace of its own, so the pages can run in parallel.
project = "parallel"
extensions = ["myst_parser", "sphinx_podlab"]
podlab_namespace = "bench-par-{page}"
podlab_execution_mode = "force"
