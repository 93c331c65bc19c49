"""The shell around a page's commands: what a reader types at a POSIX prompt.

``syntax`` parses a command line into a small AST (or rejects a construct by name and
column), ``commands`` says what each simple command is (a podlab command, a host filter,
a builtin), ``variables`` keeps a page's ``NAME=value`` and expands ``$NAME``, ``filters``
runs host filters as the real programs and ``lists`` runs pipelines and ``;``/``&&``/``||``.
"""
