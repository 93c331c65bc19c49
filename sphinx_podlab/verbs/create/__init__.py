"""``kubectl create SUBCOMMAND``: one module per kind of object it makes (see common.py)."""
