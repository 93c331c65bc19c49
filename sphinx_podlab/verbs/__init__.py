"""kubectl's verbs, one module each (flags, command type, parse, run, help line).

``registry`` lists them; everything else (the supported-commands list, the dispatch) is
derived from that list. See CONTRIBUTING.md for the recipe to add a verb.
"""
