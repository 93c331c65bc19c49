"""The shell around a page's commands: what a reader types at a POSIX prompt.

``syntax`` parses a command line into the AST of ``tree`` (or rejects a construct by name
and column, ``source``), ``commands`` says what each simple command is and where it may
stand (a podlab command, a host filter, ``echo``, an assignment), ``variables`` keeps a
page's ``NAME=value`` and expands ``$NAME``, ``filters`` runs host filters as the real
programs, ``lists`` runs a line's lists and pipelines, and ``generated`` recognises names a
controller made at run time.
"""
