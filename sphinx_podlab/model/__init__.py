"""Values every layer shares: results, states, specs, records, outcomes, errors, kinds.

Nothing here imports ``execute/``, Sphinx or the kubernetes client, so the parse, scenario,
record, render and Sphinx layers can all use these types without loading each other.
"""
